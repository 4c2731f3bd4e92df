import type { IrMedia } from '../ir/types.js';
import type { Site } from './collector.js';
import { addSchemaFindings, type DiffContext } from './context.js';
import type { Direction } from './change.js';

/** Where two `content` maps sit and what to call them in messages. */
export interface MediaSite {
  direction: Direction;
  /** `request body` or `response body`. */
  label: string;
  site: Site;
  oldPointer: string;
  newPointer: string;
}

/** Content types matched by name: removed, added, and the schemas of those on both sides. */
export function diffContents(ctx: DiffContext, before: readonly IrMedia[], after: readonly IrMedia[], where: MediaSite): void {
  const remaining = new Map(after.map((media) => [media.contentType.toLowerCase(), media]));
  const several = before.length > 1 || after.length > 1;
  const request = where.direction === 'request';
  for (const media of before) {
    const counterpart = remaining.get(media.contentType.toLowerCase());
    if (!counterpart) {
      ctx.out.add({
        rule: request ? 'request-media-type-removed' : 'response-media-type-removed',
        old: media.schema?.pointer ?? where.oldPointer,
        new: where.newPointer,
        text: `${where.label} no longer ${request ? 'accepts' : 'comes as'} ${media.contentType}`,
        site: where.site,
      });
      continue;
    }
    remaining.delete(media.contentType.toLowerCase());
    if (media.schema && counterpart.schema) {
      const label = several ? `${where.label} (${media.contentType})` : where.label;
      const findings = ctx.schemas.compare([media.schema.pointer], [counterpart.schema.pointer], { direction: where.direction, label });
      addSchemaFindings(ctx, findings, where.site);
    }
  }
  for (const media of remaining.values()) {
    ctx.out.add({
      rule: request ? 'request-media-type-added' : 'response-media-type-added',
      old: where.oldPointer,
      new: media.schema?.pointer ?? where.newPointer,
      text: `${where.label} now also ${request ? 'accepts' : 'comes as'} ${media.contentType}`,
      site: where.site,
    });
  }
}
