/**
 * A message that puts the person's money or account at risk, whatever else it asks:
 * - `money_at_risk`: the account is stolen, transfers the person did not make, money being taken now;
 * - `scam`: someone posing as support asks for the code, or tells the person to close or transfer.
 * The recognizer sets it; every flow handles it first (safety steps, then an urgent hand-off).
 */
export type SafetySignal = 'money_at_risk' | 'scam';

/** The knowledge topics whose answers say what to do right now for each signal. */
export const SAFETY_TOPICS: Record<SafetySignal, string> = {
  money_at_risk: 'account-compromised',
  scam: 'scam-warning',
};
