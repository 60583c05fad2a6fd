import { defineStore } from 'pinia';
import { ref, watchEffect } from 'vue';

export type Theme = 'dark' | 'light';
const storageKey = 'cachescope.theme';

function initialTheme(): Theme {
  const saved = localStorage.getItem(storageKey);
  if (saved === 'dark' || saved === 'light') return saved;
  return matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

export const useThemeStore = defineStore('theme', () => {
  const theme = ref<Theme>(initialTheme());
  watchEffect(() => {
    document.documentElement.dataset.theme = theme.value;
    localStorage.setItem(storageKey, theme.value);
  });
  function toggle(): void {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
  }
  return { theme, toggle };
});
