import type { CaseDeclaration } from './declaration-body';

/** 执法互助: what an alert is raised on. */
export type AlertSubjectKind = 'enterprise' | 'conveyance' | 'commodity' | 'origin';
export const ALERT_SUBJECT_KINDS: readonly AlertSubjectKind[] = ['enterprise', 'conveyance', 'commodity', 'origin'];
export interface AlertSubject {
  kind: AlertSubjectKind;
  value: string;
}
export type AlertAction = 'hold' | 'examine';

/** An active enforcement alert, as the risk engine and the clearance process use it. */
export interface ActiveAlert {
  id: string;
  subject: AlertSubject;
  action: AlertAction;
  reason: string;
}

/** Plates and vessel names compare without spaces or dashes, case-insensitively ("粤Z-1234港" = "粤Z1234港"). */
export const normalizeConveyance = (value: string) => value.toUpperCase().replace(/[\s\-·.]/g, '');

/** 运抵报告: an arrival report is for the declarations of its bill of lading that name its port and its conveyance. */
export function arrivalMatches(arrival: { portOfEntry: string; conveyance: string }, declaration: { portOfEntry: string; transport: { conveyance: string } }): boolean {
  return arrival.portOfEntry === declaration.portOfEntry && normalizeConveyance(arrival.conveyance) === normalizeConveyance(declaration.transport.conveyance);
}

/** Whether an alert's subject is this declaration's enterprise, conveyance, a commodity or an origin of it. */
export function alertMatches(subject: AlertSubject, declaration: CaseDeclaration): boolean {
  const value = subject.value.trim().toUpperCase();
  if (!value) return false;
  switch (subject.kind) {
    case 'enterprise':
      return declaration.declarant.uscc.toUpperCase() === value || declaration.consignee?.uscc.toUpperCase() === value;
    case 'conveyance':
      return normalizeConveyance(declaration.transport.conveyance) === normalizeConveyance(value);
    case 'commodity':
      return declaration.items.some((item) => item.hsCode.startsWith(value));
    case 'origin':
      return declaration.items.some((item) => item.originCountry.toUpperCase() === value);
  }
}
