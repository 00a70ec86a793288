/** A refusal the rules give BEFORE sending: the translated sentence, the gateway's words as detail. */
import { useTranslation } from 'react-i18next';
import type { Refusal } from '../../../shared/planner.ts';
import { useRefusalText } from '../i18n/refusal.ts';

export function RefusalLine({ refusal, testId = 'plan-refusal' }: { refusal: Refusal | null; testId?: string }) {
  const { t } = useTranslation();
  const text = useRefusalText();
  if (!refusal) return null;
  return (
    <p className="form-error" role="alert" data-testid={testId} data-code={refusal.code}>
      {t('refusal.title')}: {text(refusal)}.<span className="refusal-detail">{refusal.message}</span>
    </p>
  );
}
