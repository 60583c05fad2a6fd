import { computed, type ComputedRef } from 'vue';
import type { ThemeColors } from '../charts/themeColors';
import { useThemeStore } from '../stores/theme';

const variables: Record<keyof ThemeColors, string> = {
  text: '--text',
  muted: '--text-muted',
  border: '--border',
  raised: '--bg-raised',
  accent: '--accent',
  ok: '--ok',
  warn: '--warn',
  bad: '--bad',
};

/** Read from theme.css's variables, so charts follow the theme without a second copy of it. */
export function useThemeColors(): ComputedRef<ThemeColors> {
  const theme = useThemeStore();
  return computed(() => {
    void theme.theme; // re-read when the theme changes (the store sets data-theme first)
    const style = getComputedStyle(document.documentElement);
    return Object.fromEntries(
      Object.entries(variables).map(([name, variable]) => [name, style.getPropertyValue(variable).trim()]),
    ) as unknown as ThemeColors;
  });
}
