/**
 * What the renderer may know about its host: the FrontdeskApi type (both preloads
 * implement it) and the fragment keys the browser host shares with the renderer.
 * Types and constants only; no implementation is imported into the renderer.
 */
export type {
  ActivityItem,
  AppInfo,
  ConnectionState,
  ConnectionStatus,
  DeskDelta,
  DeskSnapshot,
  FrontdeskApi,
  LoginResult,
  OutboxItemView,
  ViewName,
} from '../shared/ipc.ts';
export { API_GLOBAL } from '../shared/ipc.ts';
