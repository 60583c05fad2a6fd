import type { TimelineEvent } from '../../../../shared/contracts/timeline';

/** An event as a detection rule produces it; the timeline log gives it its id. */
export type TimelineDraft = Omit<TimelineEvent, 'id'>;
