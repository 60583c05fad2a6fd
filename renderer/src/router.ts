import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import OverviewView from './views/OverviewView.vue';
import ComingSoonView from './views/ComingSoonView.vue';
import CacheView from './views/CacheView.vue';
import WriteBehindView from './views/WriteBehindView.vue';
import KeyBrowserView from './views/KeyBrowserView.vue';
import KeysView from './views/KeysView.vue';
import InvalidateView from './views/InvalidateView.vue';
import AuditView from './views/AuditView.vue';
import FailedWritesView from './views/FailedWritesView.vue';
import InvestigateView from './views/InvestigateView.vue';
import TimelineView from './views/TimelineView.vue';

export interface NavEntry {
  path: string;
  label: string;
  icon: string;
  /** Still being built: shown in the navigation, opens an explanation. */
  comingSoon?: string;
}

export const navEntries: NavEntry[] = [
  { path: '/overview', label: 'Overview', icon: '◉' },
  { path: '/cache', label: 'Cache', icon: '▤' },
  { path: '/keys', label: 'Keys & TTL', icon: '◷' },
  { path: '/keys/browse', label: 'Key browser', icon: '⌕' },
  { path: '/invalidate', label: 'Invalidate', icon: '⌫' },
  { path: '/write-behind', label: 'Write-behind', icon: '⇶' },
  { path: '/failed-writes', label: 'Failed writes', icon: '⚠' },
  { path: '/investigate', label: 'Investigate', icon: '◎' },
  { path: '/timeline', label: 'Timeline', icon: '☰' },
  { path: '/audit', label: 'Audit', icon: '✎' },
];

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/overview' },
  { path: '/overview', component: OverviewView },
  { path: '/cache', component: CacheView },
  { path: '/keys/browse', component: KeyBrowserView },
  { path: '/write-behind', component: WriteBehindView },
  { path: '/failed-writes', component: FailedWritesView },
  { path: '/keys', component: KeysView },
  { path: '/invalidate', component: InvalidateView },
  { path: '/audit', component: AuditView },
  { path: '/investigate', component: InvestigateView },
  { path: '/timeline', component: TimelineView },
  ...navEntries
    .filter((entry) => entry.comingSoon)
    .map((entry) => ({ path: entry.path, component: ComingSoonView, props: { title: entry.label, text: entry.comingSoon } })),
];

export const router = createRouter({ history: createWebHashHistory(), routes });
