import Link from "next/link";

import type { BodyBlocksFragment } from "@/generated/graphql";

/** A page's StreamField blocks. Headings start at h2 (the page title is the h1). */
export function Blocks({ blocks }: { blocks: readonly BodyBlocksFragment[] }) {
  return (
    <>
      {blocks.map((block) => (
        <Block key={block.id} block={block} />
      ))}
    </>
  );
}

function Block({ block }: { block: BodyBlocksFragment }) {
  switch (block.__typename) {
    case "HeadingBlock": {
      const Heading = block.level === "H4" ? "h4" : block.level === "H3" ? "h3" : "h2";
      return <Heading>{block.text}</Heading>;
    }
    case "ParagraphBlock":
      // Wagtail rich text: HTML limited to the editor's features, internal links already expanded by the API.
      return <div className="rich-text" dangerouslySetInnerHTML={{ __html: block.html }} />;
    case "ImageBlock":
      if (!block.rendition) return null;
      return (
        <figure className="block-image">
          <img
            src={block.rendition.url}
            width={block.rendition.width}
            height={block.rendition.height}
            alt={block.rendition.alt}
            loading="lazy"
          />
          {block.caption ? <figcaption>{block.caption}</figcaption> : null}
        </figure>
      );
    case "CallToActionBlock":
      return (
        <section className="cta" aria-label={block.title}>
          <h2>{block.title}</h2>
          {block.text ? <p>{block.text}</p> : null}
          {block.buttonUrl.startsWith("/") ? (
            <Link className="button" href={block.buttonUrl}>
              {block.buttonLabel}
            </Link>
          ) : (
            <a className="button" href={block.buttonUrl}>
              {block.buttonLabel}
            </a>
          )}
        </section>
      );
    case "QuoteBlock":
      return (
        <figure>
          <blockquote>
            <p>{block.quote}</p>
          </blockquote>
          {block.attribution ? <figcaption>— {block.attribution}</figcaption> : null}
        </figure>
      );
    default:
      return null;
  }
}
