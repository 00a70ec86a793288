/**
 * The desk window: header with the views, the current view, the status bar and
 * the overlays. Which screen shows depends only on the connection state and the
 * hash route, both read through selectors.
 */
import { useMemo } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { VIEWS, type ViewName } from '../../shared/ipc.ts';
import { logout, openWindow } from './bridge/bridge.ts';
import { DialogHost } from './components/DialogHost.tsx';
import { AboutPanel, openAbout } from './components/AboutPanel.tsx';
import { FolioHost } from './components/folio/FolioHost.tsx';
import { HelpOverlay } from './components/HelpOverlay.tsx';
import { LoginScreen, ReloginBanner } from './components/Login.tsx';
import { OutboxAnnouncer, OutboxPanel, RejectionAlerts } from './components/OutboxPanel.tsx';
import { StatusBar } from './components/StatusBar.tsx';
import { useBusinessDate, useHotelDates } from './hooks/hotel.ts';
import { navigate, useView } from './hooks/route.ts';
import { useShortcuts, type ShortcutHandlers } from './hooks/shortcuts.ts';
import { useTheme } from './hooks/theme.ts';
import { useHotel, usePhase, usePhaseError, useStatus, useUser } from './state/selectors.ts';
import { closeDialog, openDialog, toggleHelp, toggleQueue, useUi } from './state/ui.ts';
import { ActivityView } from './views/Activity.tsx';
import { ReservationsView, SEARCH_INPUT_ID } from './views/Reservations.tsx';
import { RoomBoardView } from './views/RoomBoard.tsx';
import { TasksView } from './views/Tasks.tsx';
import { TodayView } from './views/Today.tsx';

const VIEW_COMPONENT: Record<ViewName, () => React.JSX.Element> = {
  today: TodayView,
  board: RoomBoardView,
  reservations: ReservationsView,
  tasks: TasksView,
  activity: ActivityView,
};

function focusSearch(attempt = 0): void {
  const el = document.getElementById(SEARCH_INPUT_ID);
  if (el instanceof HTMLInputElement) {
    el.focus();
    el.select();
  } else if (attempt < 10) {
    requestAnimationFrame(() => focusSearch(attempt + 1));
  }
}

export function App() {
  const { t } = useTranslation();
  const phase = usePhase();
  const phaseError = usePhaseError();
  const status = useStatus();
  const view = useView();
  const [theme, toggleTheme] = useTheme();
  const signedOut = phase === 'ready' && status?.state === 'signed_out';

  const handlers = useMemo<ShortcutHandlers>(
    () => ({
      go: (to: ViewName) => {
        navigate(to);
        // A shortcut switched views: focus goes to the new view, not lost to <body>
        // (unless the receptionist is typing somewhere on purpose).
        requestAnimationFrame(() => {
          const active = document.activeElement;
          if (!active || active === document.body || !active.isConnected) document.getElementById('main')?.focus();
        });
      },
      search: () => {
        // Render the search box now and focus it in this same keydown, so the
        // letters typed right after "/" land in it instead of being lost.
        flushSync(() => navigate('reservations'));
        focusSearch();
      },
      newBooking: () => {
        if (!useUi.getState().dialog) openDialog({ kind: 'booking' });
      },
      toggleQueue: () => toggleQueue(),
      openWindow: () => void openWindow(view).catch(() => undefined),
      toggleTheme,
      help: () => toggleHelp(),
      escape: () => {
        const ui = useUi.getState();
        if (ui.dialog) closeDialog();
        else if (ui.helpOpen) toggleHelp(false);
        else if (ui.queueOpen) toggleQueue(false);
      },
    }),
    [view, toggleTheme],
  );
  useShortcuts(handlers, phase === 'ready' && !signedOut);

  if (phase === 'loading') {
    return (
      <main className="splash" id="main" aria-busy="true" data-testid="splash">
        <p>{t('app.opening')}</p>
      </main>
    );
  }
  if (phase === 'no_api' || phase === 'error') {
    return (
      <main className="splash" id="main" data-testid="fatal">
        <h1>{t('app.cannotStart')}</h1>
        <p role="alert">{phaseError}</p>
      </main>
    );
  }
  if (signedOut) return <LoginScreen detail={status?.detail ?? null} serverUrl={status?.serverUrl ?? null} />;

  const View = VIEW_COMPONENT[view];
  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <Header view={view} theme={theme} toggleTheme={toggleTheme} />
      {status?.state === 'needs_login' ? <ReloginBanner detail={status.detail} /> : null}
      <RejectionAlerts />
      <main id="main" tabIndex={-1} className="main" data-view={view}>
        <View />
      </main>
      <StatusBar />
      <OutboxPanel />
      <OutboxAnnouncer />
      <DialogHost />
      <FolioHost />
      <HelpOverlay />
      <AboutPanel />
    </div>
  );
}

function Header({ view, theme, toggleTheme }: { view: ViewName; theme: string; toggleTheme: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const hotel = useHotel();
  const today = useBusinessDate();
  const dates = useHotelDates();
  return (
    <header className="topbar">
      <span className="brand">
        <span className="brand-mark" aria-hidden="true">
          F
        </span>
        <span className="brand-text">
          <span className="hotel-name" data-testid="hotel-name">
            {hotel?.name ?? 'Frontdesk'}
          </span>
          <span className="business-date" data-testid="business-date" data-date={today} title={t('app.businessDateTitle')}>
            {t('app.businessDate', { date: dates.short(today) })}
          </span>
        </span>
      </span>
      <nav aria-label={t('app.views')} className="tabs">
        {VIEWS.map((v, i) => (
          <a key={v} href={`#/${v}`} className="tab" aria-current={v === view ? 'page' : undefined} data-testid={`nav-${v}`} title={`Alt+${i + 1}`}>
            {t(`views.${v}`)}
          </a>
        ))}
      </nav>
      <div className="topbar-tools">
        <button
          type="button"
          className="btn btn-primary btn-small"
          onClick={() => openDialog({ kind: 'booking' })}
          title={t('app.newBookingTitle')}
          data-testid="new-booking"
        >
          <span aria-hidden="true">+ </span>
          <span className="new-booking-label">{t('app.newBooking')}</span>
        </button>
        {user ? (
          <span className="user" data-testid="user-name" title={user.name}>
            {user.name}
          </span>
        ) : null}
        <button
          type="button"
          className="btn btn-quiet btn-small"
          onClick={toggleTheme}
          aria-pressed={theme === 'dark'}
          title={t('app.darkModeTitle')}
          data-testid="theme-toggle"
        >
          {/* A toggle named for what it turns on; pressed (aria-pressed) while dark. */}
          <span aria-hidden="true">☾ </span>
          <span className="theme-label">{t('app.darkMode')}</span>
        </button>
        <button type="button" className="btn btn-quiet btn-small" onClick={() => toggleHelp(true)} aria-label={t('app.shortcuts')} data-testid="help-button">
          ?
        </button>
        <button type="button" className="btn btn-quiet" onClick={openAbout} data-testid="about-button">
          About
        </button>
        {user ? (
          <button type="button" className="btn btn-quiet btn-small" onClick={() => void logout()} data-testid="logout">
            {t('app.signOut')}
          </button>
        ) : null}
      </div>
    </header>
  );
}
