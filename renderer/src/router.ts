import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import OverviewView from './views/OverviewView.vue';
import ComingSoonView from './views/ComingSoonView.vue';

export interface NavEntry {
  path: string;
  label: string;
  icon: string;
  /** Still being built: shown in the navigation, opens an explanation. */
  comingSoon?: string;
}

export const navEntries: NavEntry[] = [
  { path: '/overview', label: 'Overview', icon: '◉' },
  { path: '/cache', label: 'Cache', icon: '▤', comingSoon: 'Hit rates, memory and evictions over time, per node and namespace.' },
  { path: '/keys', label: 'Keys & TTL', icon: '◷', comingSoon: 'TTL histograms, keys without TTL, keys expiring soon; invalidation.' },
  { path: '/write-behind', label: 'Write-behind', icon: '⇶', comingSoon: 'Queue lag in messages and time against the SLA, flushes, dead letters.' },
  { path: '/investigate', label: 'Investigate', icon: '◎', comingSoon: 'Cached value against its Postgres row, unpersisted writes for a key.' },
  { path: '/timeline', label: 'Timeline', icon: '☰', comingSoon: 'Every event and action on one timeline.' },
];

const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/overview' },
  { path: '/overview', component: OverviewView },
  ...navEntries
    .filter((entry) => entry.comingSoon)
    .map((entry) => ({ path: entry.path, component: ComingSoonView, props: { title: entry.label, text: entry.comingSoon } })),
];

export const router = createRouter({ history: createWebHashHistory(), routes });
