/**
 * The night audit: close the business day (the rules post tonight's rooms and
 * taxes, mark no-shows and record the day's figures) and read — or print — the
 * recorded audit of any closed date: occupancy, ADR, RevPAR, revenue by category,
 * payments by method, refunds, no-shows and open balances. The desk reads audits
 * from its own state, so a closed day's report is there offline too.
 */
import { useMemo, useState } from 'react';
import type { Command } from '../../../../shared/commands.ts';
import { addDays } from '../../../../shared/dates.ts';
import type { DayAudit } from '../../../../shared/domain.ts';
import { useFolioT, type FolioKey } from '../../i18n/folio.ts';
import { Printable, printNow, SavePdfButton } from '../../print/Printable.tsx';
import { useHotel, usePlanCheck, useShownState } from '../../state/selectors.ts';
import { Modal } from '../Modal.tsx';
import { ErrorText, RefusalText, usePendingIds } from './common.tsx';
import { closeFolioPanel, openFolioPanel } from './folio-ui.ts';
import { useHotelFormat, type HotelFormat } from './hotel-format.ts';
import { useSubmit } from '../../hooks/action.ts';

export function AuditPanel({ date }: { date?: string }) {
  const t = useFolioT();
  const state = useShownState();
  const hotel = useHotel();
  const fmt = useHotelFormat();
  const audits = useMemo(() => [...state.audits.values()].sort((a, b) => (a.businessDate < b.businessDate ? 1 : -1)), [state.audits]);
  const chosen = (date ? state.audits.get(date) : undefined) ?? audits[0];
  return (
    <Modal title={t('audit.title')} onClose={closeFolioPanel} testId="audit-panel" wide>
      {hotel ? <CloseDay businessDate={hotel.businessDate} /> : null}
      {audits.length === 0 ? (
        <p className="muted" data-testid="audit-none">
          {t('audit.none')}
        </p>
      ) : (
        <>
          <label className="field field-inline">
            <span>{t('audit.closedDate')}</span>
            <select value={chosen?.id ?? ''} onChange={(e) => openFolioPanel({ kind: 'audit', date: e.target.value })} data-testid="audit-date">
              {audits.map((a) => (
                <option key={a.id} value={a.id}>
                  {fmt.date(a.businessDate)}
                </option>
              ))}
            </select>
          </label>
          {chosen ? (
            <>
              <AuditReport audit={chosen} fmt={fmt} />
              <Printable>
                <AuditReport audit={chosen} fmt={fmt} printed hotelName={hotel?.name} />
              </Printable>
              <div className="form-actions">
                <button
                  type="button"
                  className="btn btn-primary"
                  onClick={() => void printNow(t('audit.reportFor', { date: chosen.businessDate }))}
                  data-testid="print-audit"
                >
                  {t('audit.print')}
                </button>
                <SavePdfButton title={t('audit.reportFor', { date: chosen.businessDate })} testId="save-audit-pdf" />
              </div>
            </>
          ) : null}
        </>
      )}
    </Modal>
  );
}

function CloseDay({ businessDate }: { businessDate: string }) {
  const t = useFolioT();
  const fmt = useHotelFormat();
  const [confirming, setConfirming] = useState(false);
  const command = useMemo<Command>(() => ({ type: 'close_business_day', businessDate }), [businessDate]);
  const refusal = usePlanCheck(command);
  const { run, error, busy } = useSubmit();
  const onClose = async () => {
    if (await run(command)) {
      setConfirming(false);
      openFolioPanel({ kind: 'audit', date: businessDate });
    }
  };
  return (
    <div className="close-day" data-testid="close-day">
      <p>
        {t('audit.businessDate', { date: fmt.date(businessDate) })}{' '}
        {!confirming ? (
          <button type="button" className="btn" onClick={() => setConfirming(true)} disabled={refusal !== null} data-testid="open-close-day">
            {t('audit.closeDay')}
          </button>
        ) : null}
      </p>
      {confirming ? (
        <div className="warning">
          <p>{t('audit.closeExplain', { date: fmt.date(businessDate), next: fmt.date(addDays(businessDate, 1)) })}</p>
          <div className="form-actions">
            <button type="button" className="btn" onClick={() => setConfirming(false)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => void onClose()}
              disabled={busy || refusal !== null}
              data-testid="confirm-close-day"
            >
              {t('audit.closeDayConfirm', { date: fmt.date(businessDate) })}
            </button>
          </div>
        </div>
      ) : null}
      <RefusalText refusal={refusal} />
      <ErrorText error={error} />
    </div>
  );
}

export function AuditReport({ audit, fmt, printed = false, hotelName }: { audit: DayAudit; fmt: HotelFormat; printed?: boolean; hotelName?: string }) {
  const t = useFolioT();
  const state = useShownState();
  const pending = usePendingIds().has(audit.id);
  const name = (id: string) => state.reservations.get(id)?.guestName ?? id;
  const categories = Object.entries(audit.revenueByCategory).sort((a, b) => b[1] - a[1]);
  const methods = Object.entries(audit.paymentsByMethod).sort((a, b) => b[1] - a[1]);
  const revenue = categories.reduce((n, [, v]) => n + v, 0);
  const paid = methods.reduce((n, [, v]) => n + v, 0);
  const Title = printed ? 'h1' : 'h3';
  return (
    <section
      className={printed ? 'doc' : 'audit-report'}
      data-testid={printed ? 'audit-report-printed' : 'audit-report'}
      data-date={audit.businessDate}
      aria-label={t('audit.reportFor', { date: fmt.date(audit.businessDate) })}
    >
      <Title>{t('audit.reportFor', { date: fmt.date(audit.businessDate) })}</Title>
      {printed && hotelName ? <p>{hotelName}</p> : null}
      <p className="muted">
        {t('audit.closedAt', { time: fmt.dateTime(audit.closedAt) })}
        {pending ? ` · ${t('audit.provisional')}` : ''}
      </p>
      <dl className="doc-kpis audit-kpis">
        <div data-testid="audit-occupancy">
          <dt>{t('audit.occupancy')}</dt>
          <dd>{fmt.percent(audit.occupancy)}</dd>
          <dd className="small-note">{t('audit.roomsSold', { sold: audit.roomsSold, available: audit.roomsAvailable })}</dd>
        </div>
        <div data-testid="audit-adr">
          <dt>{t('audit.adr')}</dt>
          <dd>{fmt.money(audit.adr)}</dd>
        </div>
        <div data-testid="audit-revpar">
          <dt>{t('audit.revpar')}</dt>
          <dd>{fmt.money(audit.revpar)}</dd>
        </div>
        <div>
          <dt>{t('audit.revenue')}</dt>
          <dd>{fmt.money(revenue)}</dd>
        </div>
      </dl>
      <div className="audit-columns">
        <div>
          <h4>{t('audit.revenueByCategory')}</h4>
          <table className="folio-table" data-testid="audit-revenue">
            <tbody>
              {categories.map(([c, v]) => (
                <tr key={c}>
                  <th scope="row">{t(`category.${c}` as FolioKey, { defaultValue: c })}</th>
                  <td className="num">{fmt.money(v)}</td>
                </tr>
              ))}
              <tr className="doc-total">
                <th scope="row">{t('audit.total')}</th>
                <td className="num">{fmt.money(revenue)}</td>
              </tr>
            </tbody>
          </table>
        </div>
        <div>
          <h4>{t('audit.paymentsByMethod')}</h4>
          <table className="folio-table" data-testid="audit-payments">
            <tbody>
              {methods.map(([m, v]) => (
                <tr key={m}>
                  <th scope="row">{t(`method.${m}` as FolioKey, { defaultValue: m })}</th>
                  <td className="num">{fmt.money(v)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('audit.refunds')}</th>
                <td className="num">{fmt.money(audit.refundsCents === 0 ? 0 : -audit.refundsCents)}</td>
              </tr>
              <tr className="doc-total">
                <th scope="row">{t('audit.net')}</th>
                <td className="num">{fmt.money(paid - audit.refundsCents)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      </div>
      <h4>{t('audit.noShows', { count: audit.noShows.length })}</h4>
      {audit.noShows.length > 0 ? (
        <ul data-testid="audit-no-shows">
          {audit.noShows.map((id) => (
            <li key={id}>{name(id)}</li>
          ))}
        </ul>
      ) : null}
      <h4>{t('audit.openBalances', { count: audit.openBalances.length })}</h4>
      {audit.openBalances.length > 0 ? (
        <table className="folio-table" data-testid="audit-open-balances">
          <tbody>
            {audit.openBalances.map((b) => (
              <tr key={b.reservationId}>
                <td>{b.guestName}</td>
                <td className="num">{b.balanceCents < 0 ? t('audit.creditOf', { amount: fmt.money(-b.balanceCents) }) : fmt.money(b.balanceCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
