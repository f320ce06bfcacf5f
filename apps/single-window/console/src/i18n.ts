import type { Named } from './reference';

/** Labels in English; zh below must have every key (the type checks it). */
const en = {
  'app.title': 'Single Window', 'app.skip': 'Skip to content',
  'nav.label': 'Pages', 'nav.worklist': 'Worklist', 'nav.alerts': 'Alerts', 'nav.oversight': 'Oversight', 'nav.myDeclarations': 'My declarations',
  'nav.newDeclaration': 'New declaration', 'nav.audit': 'Audit', 'nav.arrivals': 'Arrival reports',
  'role.officer': 'Officer', 'role.enterprise': 'Enterprise', 'role.port-operator': 'Port operator', 'role.auditor': 'Auditor', 'role.gate': 'Gate', 'role.issuer': 'Issuer',
  'agency.customs': 'Customs', 'agency.inspection': 'Inspection & quarantine', 'agency.border': 'Border check',
  'signin.title': 'Sign in', 'signin.lead': 'One declaration, one examination, one release. Choose who you are.',
  'signin.dev': 'Development sign-in', 'signin.role': 'Role', 'signin.agency': 'Agency', 'signin.uscc': 'Unified social credit code (USCC)',
  'signin.usccHint': '18 characters; the demo enterprises are suggested', 'signin.getToken': 'Sign in with a development token',
  'signin.noDevMode': 'Development tokens are only issued when the server runs in DEV_MODE. Paste a token instead.',
  'signin.paste': 'Sign in with a token', 'signin.token': 'Token (JWT)', 'signin.useToken': 'Use this token',
  'signin.tokenNote': 'The token stays in this browser tab (session storage) and is sent only in the Authorization header.',
  'signin.badToken': 'This is not a token the console can read: a JWT has three parts separated by dots.', 'signin.signOut': 'Sign out',
  'signin.noConsole': 'There is no console page for this role.',
  'common.status': 'Status', 'common.all': 'All', 'common.none': 'None.', 'common.total': 'Total', 'common.pages': 'Pages', 'common.previous': 'Previous',
  'common.next': 'Next', 'common.loading': 'Loading…', 'common.updated': 'Updated', 'common.refresh': 'Refresh', 'common.done': 'Done.',
  'common.sending': 'Sending…', 'common.reason': 'Reason', 'common.agency': 'Agency', 'common.yes': 'yes',
  'problem.network': 'The server could not be reached.', 'problem.400': 'Some fields are not right; see the messages beside them.',
  'problem.401': 'You are not signed in, or your token has expired. Sign in again.', 'problem.403': 'Your role or agency may not do this.',
  'problem.404': 'Not found (or not yours).', 'problem.409': 'Not allowed in the current state.', 'problem.413': 'The request is too large.',
  'problem.429': 'Too many requests; wait a moment and try again.', 'problem.500': 'The server failed; try again or tell the operators.', 'problem.other': 'The request failed.',
  'unit.hours': 'h', 'unit.minutes': 'min',
  'status.submitted': 'Submitted', 'status.under-review': 'Under review', 'status.awaiting-arrival': 'Awaiting arrival', 'status.examination': 'Examination',
  'status.held': 'Held', 'status.released': 'Released', 'status.exited': 'Exited', 'status.rejected': 'Rejected', 'status.withdrawn': 'Withdrawn',
  'case.pending': 'Pending', 'case.examination': 'Examination', 'case.held': 'Held', 'case.released': 'Released', 'case.rejected': 'Rejected', 'case.closed': 'Closed',
  'case.conformity-pending': 'Conformity pending',
  'lane.green': 'Green', 'lane.documents': 'Document review', 'lane.examination': 'Examination',
  'exam.scheduled': 'Scheduled', 'exam.completed': 'Completed', 'exam.allDone': 'Examination completed: every required check is passed, failed or recognized.',
  'check.scan': 'Scan (H986)', 'check.physical': 'Physical', 'check.sampling': 'Sampling', 'check.lab': 'Laboratory', 'check.vehicle': 'Vehicle', 'check.crew': 'Crew',
  'check.documents': 'Documents', 'check.by': 'by',
  'check-status.pending': 'pending', 'check-status.passed': 'passed', 'check-status.failed': 'failed', 'check-status.recognized': 'recognized',
  'result.pass': 'Pass', 'result.fail': 'Fail',
  'settled.paid': 'Paid', 'settled.guaranteed': 'Guaranteed', 'settled.none': 'Not settled',
  'complete.due': 'Due', 'complete.filed': 'Filed', 'complete.overdue': 'Overdue',
  'mode.standard': 'Standard', 'mode.advance': 'Advance', 'mode.two-step': 'Two-step', 'direction.import': 'Import', 'direction.export': 'Export',
  'decision.release': 'Release', 'decision.hold': 'Hold', 'decision.reject': 'Reject', 'decision.examine': 'Examine',
  'alert.active': 'Active', 'alert.lifted': 'Lifted', 'alert-action.hold': 'Hold', 'alert-action.examine': 'Examine',
  'subject.enterprise': 'Enterprise', 'subject.conveyance': 'Conveyance', 'subject.commodity': 'Commodity (HS prefix)', 'subject.origin': 'Origin',
  'actor.enterprise': 'Enterprise', 'actor.officer': 'Officer', 'actor.system': 'System', 'actor.port-operator': 'Port operator', 'actor.gate': 'Gate', 'actor.issuer': 'Issuer', 'actor.auditor': 'Auditor',
  'live.connecting': 'Connecting…', 'live.open': 'Live', 'live.closed': 'Reconnecting…', 'live.error': 'Not live',
  'transport.2': 'Waterway', 'transport.3': 'Rail', 'transport.4': 'Road', 'transport.5': 'Air', 'transport.6': 'Post',
  'stage.submitted→routed': 'Submitted → routed', 'stage.routed→released': 'Routed → released', 'stage.submitted→released': 'Submitted → released',
  'stage.released→exited': 'Released → exited', 'stage.opened→assessed': 'Opened → assessed', 'stage.assessed→released': 'Assessed → released',
  'stage.examination requested→examined': 'Examination requested → examined', 'stage.examined→released': 'Examined → released', 'stage.opened→released': 'Opened → released',
  'worklist.open': 'Open cases', 'worklist.live': 'Live refresh', 'worklist.empty': 'No cases.', 'worklist.priority': 'Priority', 'worklist.openedAt': 'Opened',
  'case.title': 'Case', 'case.lane': 'Lane', 'case.reasons': 'Risk reasons', 'case.blockers': 'What release still waits for', 'case.declaration': 'Declaration',
  'case.others': 'Other agencies (information exchange)', 'case.noOthers': 'No other agency handles this shipment.', 'case.alerts': 'Active alerts on this shipment',
  'case.noAlerts': 'No active alert matches.', 'case.requiredChecks': 'Required checks',
  'exam.title': 'Joint examination', 'exam.none': 'No examination for this shipment.', 'exam.agencies': 'Agencies', 'exam.appointment': 'Appointment',
  'exam.required': 'Required checks per agency', 'exam.findings': 'Findings', 'exam.check': 'Check', 'exam.result': 'Result', 'exam.note': 'Note',
  'exam.record': 'Record findings', 'exam.notNow': '— not now —', 'exam.submit': 'Record findings', 'exam.recorded': 'Findings recorded.',
  'exam.nothingPending': 'Nothing for your agency to check: every check you need is passed, failed or recognized.',
  'decision.title': 'Decision', 'decision.decision': 'Decision', 'decision.submit': 'Record decision', 'decision.recorded': 'Decision recorded',
  'alerts.title': 'Alerts', 'alerts.raise': 'Raise an alert', 'alerts.kind': 'Subject', 'alerts.value': 'Value', 'alerts.action': 'Action',
  'alerts.raiseButton': 'Raise alert', 'alerts.raised': 'Alert raised', 'alerts.subject': 'Subject', 'alerts.raisedBy': 'Raised by', 'alerts.lift': 'Lift',
  'alerts.hint.enterprise': 'An 18-character USCC', 'alerts.hint.conveyance': 'A vehicle plate, vessel or train', 'alerts.hint.commodity': 'An HS prefix, 2 to 10 digits',
  'alerts.hint.origin': 'An ISO 3166 alpha-3 country code',
  'decl.title': 'Declaration', 'decl.id': 'Declaration', 'decl.declarant': 'Declarant', 'decl.mode': 'Mode', 'decl.direction': 'Direction', 'decl.uscc': 'USCC',
  'decl.declarantName': 'Declarant name', 'decl.customsOffice': 'Customs office', 'decl.portOfEntry': 'Port of entry/exit', 'decl.tradeMode': 'Trade mode',
  'decl.incoterm': 'Incoterm', 'decl.currency': 'Currency', 'decl.header': 'Header', 'decl.transport': 'Transport', 'decl.transportMode': 'Transport mode',
  'decl.conveyance': 'Conveyance', 'decl.voyage': 'Voyage', 'decl.billOfLading': 'Bill of lading', 'decl.items': 'Goods items', 'decl.item': 'Item',
  'decl.hsCode': 'HS code', 'decl.hsCodeHint': 'Type digits or a word of the description: the HS 2022 headings are suggested; add the national digits to make 10', 'decl.description': 'Description', 'decl.quantity': 'Quantity', 'decl.unit': 'Unit', 'decl.value': 'Value', 'decl.origin': 'Origin',
  'decl.addItem': 'Add an item', 'decl.removeItem': 'Remove', 'decl.documents': 'Documents', 'decl.document': 'Document', 'decl.documentCode': 'Document code',
  'decl.documentNumber': 'Document number', 'decl.addDocument': 'Add a document', 'decl.removeDocument': 'Remove', 'decl.summary': 'Summary declaration (two-step)',
  'decl.licenseRequired': 'Licences required', 'decl.inspectionRequired': 'Inspection required', 'decl.dutiable': 'Dutiable', 'decl.submit': 'Submit declaration',
  'decl.submittedAt': 'Submitted', 'decl.releasedAt': 'Released', 'decl.arrival': 'Arrival', 'decl.notArrived': 'not arrived', 'decl.agencies': 'Agencies',
  'decl.notRouted': 'Not routed yet.', 'decl.followUps': 'Follow-ups on released goods',
  'duties.title': 'Duties, guarantee and payment', 'duties.assessed': 'Duties assessed', 'duties.notYet': 'not assessed yet', 'duties.settled': 'Settled',
  'duties.paid': 'Paid', 'duties.guaranteed': 'Guaranteed', 'duties.kind': 'Settle by', 'duties.pay': 'Pay duties', 'duties.guarantee': 'Lodge a guarantee',
  'duties.amount': 'Amount', 'duties.currency': 'Currency', 'duties.reference': 'Reference', 'duties.paidNote': 'Payment recorded.', 'duties.guaranteedNote': 'Guarantee lodged.',
  'complete.title': 'Complete declaration (two-step)', 'complete.dueAt': 'Due', 'complete.filedAt': 'Filed', 'complete.lateFee': 'Late fee',
  'complete.notYet': 'Due 14 days after arrival; the deadline starts when the goods arrive.', 'complete.file': 'File the complete declaration', 'complete.filedNote': 'Complete declaration filed.',
  'withdraw.title': 'Withdraw this declaration', 'withdraw.submit': 'Withdraw',
  'audit.find': 'Find a shipment', 'audit.shipmentId': 'Declaration id', 'audit.open': 'Open', 'audit.badId': 'A declaration id is a UUID, such as 3f1c…-….',
  'audit.declarations': 'Declarations', 'audit.shipment': 'Shipment', 'audit.eventCount': 'Events', 'audit.streams': 'Streams', 'audit.asOf': 'Status as of an instant',
  'audit.atEvent': 'At event', 'audit.beforeFirst': 'before the first event', 'audit.instant': 'Instant (local time)', 'audit.now': 'Now',
  'audit.asOfHint': 'As it stood at', 'audit.fullState': 'The whole status view', 'audit.timeline': 'Timeline: every event across contexts', 'audit.when': 'When',
  'audit.what': 'What', 'audit.who': 'Who', 'audit.stream': 'Stream', 'audit.revision': 'Revision', 'audit.position': 'Position', 'audit.data': 'Data',
  'audit.showAsOf': 'Status then', 'audit.verifying': 'Verifying…', 'audit.valid': 'Integrity verified', 'audit.eventsChained': 'events, hash chains intact',
  'audit.broken': 'Integrity broken at',
  'oversight.from': 'Submitted from', 'oversight.to': 'Submitted until', 'oversight.apply': 'Apply', 'oversight.submitted': 'Submitted', 'oversight.released': 'Released',
  'oversight.open': 'Open', 'oversight.median': 'Median', 'oversight.p90': '90th percentile', 'oversight.within24h': 'Released within 24 h', 'oversight.overdue': 'Overdue',
  'oversight.window': 'Window', 'oversight.engineNow': '· engine clock now', 'oversight.distribution': 'Clearance time distribution',
  'oversight.distributionCaption': 'Released declarations by clearance time (submitted → released)', 'oversight.capped': 'Only the newest 1,000 released declarations are counted.',
  'oversight.stages': 'Time per stage', 'oversight.stagesCaption': 'hours', 'oversight.perAgency': 'Time per agency and stage',
  'oversight.overdueList': 'Unreleased past the deadline', 'oversight.noOverdue': 'Nothing overdue.', 'oversight.hoursOpen': 'Hours open',
  'arrivals.arrivedAt': 'Arrived at', 'arrivals.arrivedAtHint': 'Empty: now', 'arrivals.report': 'Report arrival', 'arrivals.matched': 'Arrival recorded; declarations matched',
  'arrivals.noneMatched': 'Arrival recorded; no declaration matches yet (one filed later counts as arrived).',
};

export type Key = keyof typeof en;

const zh: Record<Key, string> = {
  'app.title': '单一窗口', 'app.skip': '跳到正文',
  'nav.label': '页面', 'nav.worklist': '待办', 'nav.alerts': '布控预警', 'nav.oversight': '通关时效', 'nav.myDeclarations': '我的申报',
  'nav.newDeclaration': '新申报', 'nav.audit': '审计', 'nav.arrivals': '运抵报告',
  'role.officer': '关员', 'role.enterprise': '企业', 'role.port-operator': '港口经营人', 'role.auditor': '审计员', 'role.gate': '卡口', 'role.issuer': '发证机关',
  'agency.customs': '海关', 'agency.inspection': '检验检疫', 'agency.border': '边检',
  'signin.title': '登录', 'signin.lead': '一次申报、一次查验、一次放行。请选择身份。',
  'signin.dev': '开发环境登录', 'signin.role': '角色', 'signin.agency': '部门', 'signin.uscc': '统一社会信用代码',
  'signin.usccHint': '18 位；可从演示企业中选择', 'signin.getToken': '用开发令牌登录',
  'signin.noDevMode': '服务器未以 DEV_MODE 运行，不签发开发令牌。请粘贴令牌登录。',
  'signin.paste': '用令牌登录', 'signin.token': '令牌（JWT）', 'signin.useToken': '使用此令牌',
  'signin.tokenNote': '令牌只保存在本浏览器标签页（会话存储）中，只放在 Authorization 请求头里发送。',
  'signin.badToken': '无法识别的令牌：JWT 由三段以点分隔的内容组成。', 'signin.signOut': '退出',
  'signin.noConsole': '此角色没有控制台页面。',
  'common.status': '状态', 'common.all': '全部', 'common.none': '无。', 'common.total': '共', 'common.pages': '分页', 'common.previous': '上一页',
  'common.next': '下一页', 'common.loading': '加载中…', 'common.updated': '已更新', 'common.refresh': '刷新', 'common.done': '已完成。',
  'common.sending': '提交中…', 'common.reason': '理由', 'common.agency': '部门', 'common.yes': '是',
  'problem.network': '无法连接服务器。', 'problem.400': '有字段填写不正确，请看字段旁的说明。',
  'problem.401': '未登录或令牌已过期，请重新登录。', 'problem.403': '您的角色或部门无权执行此操作。',
  'problem.404': '未找到（或不属于您）。', 'problem.409': '当前状态不允许此操作。', 'problem.413': '请求内容过大。',
  'problem.429': '请求过于频繁，请稍后再试。', 'problem.500': '服务器出错，请重试或联系运维人员。', 'problem.other': '请求失败。',
  'unit.hours': '小时', 'unit.minutes': '分钟',
  'status.submitted': '已申报', 'status.under-review': '审核中', 'status.awaiting-arrival': '待运抵', 'status.examination': '查验中',
  'status.held': '已扣留', 'status.released': '已放行', 'status.exited': '已离境', 'status.rejected': '已退单', 'status.withdrawn': '已撤单',
  'case.pending': '待处理', 'case.examination': '查验中', 'case.held': '已扣留', 'case.released': '已放行', 'case.rejected': '已退单', 'case.closed': '已关闭',
  'case.conformity-pending': '待合格评定',
  'lane.green': '绿色通道', 'lane.documents': '审单', 'lane.examination': '查验',
  'exam.scheduled': '已安排', 'exam.completed': '已完成', 'exam.allDone': '查验已完成：所需检查均已通过、未通过或被互认。',
  'check.scan': '机检 (H986)', 'check.physical': '人工查验', 'check.sampling': '取样', 'check.lab': '实验室检测', 'check.vehicle': '车辆检查', 'check.crew': '人员检查',
  'check.documents': '单证审核', 'check.by': '结果来自',
  'check-status.pending': '待检', 'check-status.passed': '通过', 'check-status.failed': '未通过', 'check-status.recognized': '互认',
  'result.pass': '通过', 'result.fail': '未通过',
  'settled.paid': '已缴税', 'settled.guaranteed': '已担保', 'settled.none': '未缴纳',
  'complete.due': '待申报', 'complete.filed': '已申报', 'complete.overdue': '已逾期',
  'mode.standard': '一般申报', 'mode.advance': '提前申报', 'mode.two-step': '两步申报', 'direction.import': '进口', 'direction.export': '出口',
  'decision.release': '放行', 'decision.hold': '扣留', 'decision.reject': '退单', 'decision.examine': '转查验',
  'alert.active': '生效中', 'alert.lifted': '已撤销', 'alert-action.hold': '扣留', 'alert-action.examine': '查验',
  'subject.enterprise': '企业', 'subject.conveyance': '运输工具', 'subject.commodity': '商品（HS 前缀）', 'subject.origin': '原产地',
  'actor.enterprise': '企业', 'actor.officer': '关员', 'actor.system': '系统', 'actor.port-operator': '港口经营人', 'actor.gate': '卡口', 'actor.issuer': '发证机关', 'actor.auditor': '审计员',
  'live.connecting': '连接中…', 'live.open': '实时', 'live.closed': '重新连接中…', 'live.error': '未实时',
  'transport.2': '水路运输', 'transport.3': '铁路运输', 'transport.4': '公路运输', 'transport.5': '航空运输', 'transport.6': '邮件运输',
  'stage.submitted→routed': '申报 → 分派', 'stage.routed→released': '分派 → 放行', 'stage.submitted→released': '申报 → 放行',
  'stage.released→exited': '放行 → 离境', 'stage.opened→assessed': '立案 → 风险评估', 'stage.assessed→released': '风险评估 → 放行',
  'stage.examination requested→examined': '布控查验 → 查毕', 'stage.examined→released': '查毕 → 放行', 'stage.opened→released': '立案 → 放行',
  'worklist.open': '未结案件', 'worklist.live': '自动刷新', 'worklist.empty': '没有案件。', 'worklist.priority': '优先级', 'worklist.openedAt': '立案时间',
  'case.title': '案件', 'case.lane': '通道', 'case.reasons': '风险理由', 'case.blockers': '放行尚需', 'case.declaration': '报关单',
  'case.others': '其他部门（信息互换）', 'case.noOthers': '没有其他部门处理此票货物。', 'case.alerts': '命中的布控预警',
  'case.noAlerts': '没有命中的生效预警。', 'case.requiredChecks': '所需检查',
  'exam.title': '联合查验', 'exam.none': '此票货物无查验。', 'exam.agencies': '参与部门', 'exam.appointment': '预约',
  'exam.required': '各部门所需检查', 'exam.findings': '查验结果', 'exam.check': '检查', 'exam.result': '结果', 'exam.note': '备注',
  'exam.record': '录入查验结果', 'exam.notNow': '— 暂不录入 —', 'exam.submit': '录入查验结果', 'exam.recorded': '查验结果已录入。',
  'exam.nothingPending': '本部门无待检项目：所需检查均已通过、未通过或被互认。',
  'decision.title': '处理决定', 'decision.decision': '决定', 'decision.submit': '提交决定', 'decision.recorded': '决定已记录',
  'alerts.title': '预警列表', 'alerts.raise': '发布预警', 'alerts.kind': '对象', 'alerts.value': '对象值', 'alerts.action': '措施',
  'alerts.raiseButton': '发布预警', 'alerts.raised': '预警已发布', 'alerts.subject': '对象', 'alerts.raisedBy': '发布部门', 'alerts.lift': '撤销',
  'alerts.hint.enterprise': '18 位统一社会信用代码', 'alerts.hint.conveyance': '车牌号、船名或车次', 'alerts.hint.commodity': 'HS 编码前缀，2 至 10 位',
  'alerts.hint.origin': 'ISO 3166 三字母国家代码',
  'decl.title': '报关单', 'decl.id': '报关单', 'decl.declarant': '申报企业', 'decl.mode': '申报方式', 'decl.direction': '进出口', 'decl.uscc': '统一社会信用代码',
  'decl.declarantName': '企业名称', 'decl.customsOffice': '申报地海关', 'decl.portOfEntry': '进出境关别', 'decl.tradeMode': '监管方式',
  'decl.incoterm': '成交方式', 'decl.currency': '币制', 'decl.header': '表头', 'decl.transport': '运输', 'decl.transportMode': '运输方式',
  'decl.conveyance': '运输工具', 'decl.voyage': '航次', 'decl.billOfLading': '提运单号', 'decl.items': '商品项', 'decl.item': '商品项',
  'decl.hsCode': '商品编号', 'decl.hsCodeHint': '输入编码或商品名称查找：提示 HS 2022 品目与子目，再补足国家子目至 10 位', 'decl.description': '商品名称', 'decl.quantity': '数量', 'decl.unit': '计量单位', 'decl.value': '总价', 'decl.origin': '原产国',
  'decl.addItem': '添加商品项', 'decl.removeItem': '删除', 'decl.documents': '随附单证', 'decl.document': '单证', 'decl.documentCode': '单证代码',
  'decl.documentNumber': '单证编号', 'decl.addDocument': '添加单证', 'decl.removeDocument': '删除', 'decl.summary': '概要申报（两步申报）',
  'decl.licenseRequired': '涉证', 'decl.inspectionRequired': '涉检', 'decl.dutiable': '涉税', 'decl.submit': '提交申报',
  'decl.submittedAt': '申报时间', 'decl.releasedAt': '放行时间', 'decl.arrival': '运抵', 'decl.notArrived': '未运抵', 'decl.agencies': '各部门',
  'decl.notRouted': '尚未分派。', 'decl.followUps': '放行后处置',
  'duties.title': '税费、担保与缴纳', 'duties.assessed': '应缴税费', 'duties.notYet': '尚未计税', 'duties.settled': '缴纳状态',
  'duties.paid': '已缴', 'duties.guaranteed': '担保额', 'duties.kind': '方式', 'duties.pay': '缴纳税费', 'duties.guarantee': '提交担保',
  'duties.amount': '金额', 'duties.currency': '币制', 'duties.reference': '凭证号', 'duties.paidNote': '缴款已记录。', 'duties.guaranteedNote': '担保已提交。',
  'complete.title': '完整申报（两步申报）', 'complete.dueAt': '截止时间', 'complete.filedAt': '申报时间', 'complete.lateFee': '滞报金',
  'complete.notYet': '运抵后 14 日内申报；期限自货物运抵起算。', 'complete.file': '提交完整申报', 'complete.filedNote': '完整申报已提交。',
  'withdraw.title': '撤销此申报', 'withdraw.submit': '撤单',
  'audit.find': '查找货物', 'audit.shipmentId': '报关单编号', 'audit.open': '打开', 'audit.badId': '报关单编号是 UUID，例如 3f1c…-…。',
  'audit.declarations': '报关单', 'audit.shipment': '货物', 'audit.eventCount': '事件数', 'audit.streams': '事件流', 'audit.asOf': '任一时刻的状态',
  'audit.atEvent': '截至事件', 'audit.beforeFirst': '第一个事件之前', 'audit.instant': '时刻（本地时间）', 'audit.now': '现在',
  'audit.asOfHint': '当时状态：', 'audit.fullState': '完整状态视图', 'audit.timeline': '时间线：各环节的全部事件', 'audit.when': '时间',
  'audit.what': '事件', 'audit.who': '操作者', 'audit.stream': '事件流', 'audit.revision': '版本', 'audit.position': '全局位置', 'audit.data': '数据',
  'audit.showAsOf': '看当时状态', 'audit.verifying': '校验中…', 'audit.valid': '完整性已验证', 'audit.eventsChained': '个事件，哈希链完整',
  'audit.broken': '完整性被破坏于',
  'oversight.from': '申报时间自', 'oversight.to': '申报时间至', 'oversight.apply': '应用', 'oversight.submitted': '申报数', 'oversight.released': '放行数',
  'oversight.open': '未结', 'oversight.median': '中位数', 'oversight.p90': '第 90 百分位', 'oversight.within24h': '24 小时内放行', 'oversight.overdue': '超时',
  'oversight.window': '统计区间', 'oversight.engineNow': '· 引擎时钟', 'oversight.distribution': '整体通关时间分布',
  'oversight.distributionCaption': '已放行报关单按通关时间（申报 → 放行）分布', 'oversight.capped': '仅统计最近 1,000 票已放行报关单。',
  'oversight.stages': '各环节用时', 'oversight.stagesCaption': '小时', 'oversight.perAgency': '各部门各环节用时',
  'oversight.overdueList': '超时未放行', 'oversight.noOverdue': '没有超时未放行的报关单。', 'oversight.hoursOpen': '已用小时',
  'arrivals.arrivedAt': '运抵时间', 'arrivals.arrivedAtHint': '留空为现在', 'arrivals.report': '发送运抵报告', 'arrivals.matched': '运抵已记录，匹配的报关单',
  'arrivals.noneMatched': '运抵已记录；暂无匹配的报关单（之后申报的视为已运抵）。',
};

const DICTIONARIES = { en, zh } as const;
const LANG_KEY = 'sw.lang';
let current: 'zh' | 'en' = (() => {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
})();

export function lang(): 'zh' | 'en' {
  return current;
}

export function setLang(next: 'zh' | 'en'): void {
  current = next;
  try {
    localStorage.setItem(LANG_KEY, next);
  } catch {
    /* private mode: this page only */
  }
}

/** The label for a key in the current language (zh-CN by default); the key itself when there is none. */
export function t(key: Key): string {
  return DICTIONARIES[current][key] ?? key;
}

/** A code list entry's or an enterprise's name in the current language. */
export function nameOf(named: Named): string {
  return (current === 'zh' ? named.nameZh ?? named.nameEn : named.nameEn ?? named.nameZh) ?? '';
}
