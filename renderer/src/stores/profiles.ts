import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ProfileList } from '../../../shared/contract';
import { useApi } from '../api/client';
import { errorMessage } from '../api/errorMessage';

export const useProfilesStore = defineStore('profiles', () => {
  const api = useApi();
  const list = ref<ProfileList | null>(null);
  const switching = ref(false);
  const error = ref<{ title: string; hint: string } | null>(null);
  let started = false;
  /** The profile in use, with its environment and whether controls are refused. */
  const active = computed(() => list.value?.profiles.find((p) => p.id === list.value?.activeId) ?? null);

  async function load(): Promise<void> {
    try {
      list.value = await api.invoke('profiles.list', {});
      error.value = null;
    } catch (err) {
      error.value = errorMessage(err);
    }
  }

  async function select(id: string): Promise<void> {
    if (id === list.value?.activeId) return;
    switching.value = true;
    try {
      list.value = await api.invoke('profiles.select', { id });
      error.value = null;
    } catch (err) {
      error.value = errorMessage(err);
    } finally {
      switching.value = false;
    }
  }

  function start(): void {
    if (started) return;
    started = true;
    api.on('profiles.changed', (next) => {
      list.value = next;
    });
    void load();
  }

  return { list, active, switching, error, start, select };
});
