import { onUnmounted, ref, type Ref } from 'vue';

/** A clock for "3 s ago" labels, stopped when the component unmounts. */
export function useNow(intervalMs = 1_000): Ref<number> {
  const now = ref(Date.now());
  const timer = setInterval(() => (now.value = Date.now()), intervalMs);
  onUnmounted(() => clearInterval(timer));
  return now;
}
