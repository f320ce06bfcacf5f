/**
 * 提运单号 (transport.billOfLading, DecHead/BillNo): when a declaration must carry one.
 *
 * The filling rules (《中华人民共和国海关进出口货物报关单填制规范》, GACC announcement 2019 No. 18,
 * item 提运单号, and its predecessors) ask for the carrier's transport document of the goods'
 * actual crossing: the bill of lading (水路运输 2), the rail waybill (铁路运输 3), the road master
 * waybill once road manifests are in use (公路运输 4: they are), the air waybill (航空运输 5), the
 * postal parcel number (邮件运输 6); and they exempt 无实际进出境的货物 (goods with no actual entry
 * or exit): "免予填报". The transport-mode rules of the same announcement name the modes of those
 * movements: 0 非保税区, 1 监管仓库, 7 保税区, 8 保税仓库, W 物流中心, X 物流园区, Y 保税港区/综合保税区,
 * Z 出口加工区, H 边境特殊海关作业区, T 综合实验区, and 9 其它运输 (flows between special
 * supervision zones and bonded places, exhibits left on sale, goods carried by people or animals).
 * Goods by 固定设施 (G: pipelines, power lines) and 旅客携带 (L) have no carrier's transport
 * document either. Every other code (and an unknown one) requires the bill.
 */
export const BILL_OF_LADING_EXEMPT_MODES: readonly string[] = ['0', '1', '7', '8', '9', 'G', 'H', 'L', 'T', 'W', 'X', 'Y', 'Z'];

/** Whether a declaration by this transport mode must name its 提运单号. */
export function billOfLadingRequired(transportMode: unknown): boolean {
  return !(typeof transportMode === 'string' && BILL_OF_LADING_EXEMPT_MODES.includes(transportMode));
}
