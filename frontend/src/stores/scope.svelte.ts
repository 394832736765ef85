// The team each screen is scoped to, kept while the app runs (coming back to
// Headshots shows the team picked there; Publish checks and publishes that
// team), and which of those screens is on view: Ctrl/Cmd+D opens Download
// Favorites with its team, as the seed's "scoped to the current team if a
// team is selected".

export type ScopedView = 'headshots' | 'members' | 'downloads' | 'publish';

export const scope: { team: Record<ScopedView, string>; view: ScopedView | null } = $state({
  team: { headshots: '', members: '', downloads: '', publish: '' },
  view: null,
});

/**
 * showing marks a screen as on view; call it from the screen's $effect and
 * return what it returns, so the mark goes with the screen.
 */
export function showing(view: ScopedView): () => void {
  scope.view = view;
  return () => {
    if (scope.view === view) scope.view = null;
  };
}

/** currentTeam is the team of the screen on view ("" = everyone, or a screen without a team). */
export function currentTeam(): string {
  return scope.view ? scope.team[scope.view] : '';
}
