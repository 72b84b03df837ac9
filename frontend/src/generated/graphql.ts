/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A postal address. */
export type AddressInput = {
  /** The city or town. */
  city?: string;
  /** The ISO 3166-1 alpha-2 country code, e.g. TH, GB. */
  country: string;
  /** The first address line. */
  line1: string;
  /** The second address line. */
  line2?: string;
  /** The postcode, in the country's format. */
  postalCode?: string;
  /** The state, province or region. */
  region?: string;
};

/** A way of contacting someone that needs their consent. */
export type ConsentChannel =
  /** Email. */
  | 'EMAIL'
  /** Post. */
  | 'MAIL'
  /** Phone call. */
  | 'PHONE'
  /** Text message. */
  | 'SMS';

/** What the organisation would contact someone about. */
export type ConsentTopic =
  /** Events. */
  | 'EVENTS'
  /** Fundraising appeals. */
  | 'FUNDRAISING'
  /** Membership news. */
  | 'MEMBERSHIP'
  /** The newsletter. */
  | 'NEWSLETTER'
  /** Volunteering. */
  | 'VOLUNTEERING';

/** The level of a heading block. */
export type HeadingLevel =
  /** A second-level heading. */
  | 'H2'
  /** A third-level heading. */
  | 'H3'
  /** A fourth-level heading. */
  | 'H4';

/** Where a membership stands today. */
export type MembershipStatus =
  /** Cancelled. */
  | 'CANCELLED'
  /** Paid up for today. */
  | 'CURRENT'
  /** Ended and past its grace period. */
  | 'EXPIRED'
  /** Ended recently; benefits continue for the level's grace days. */
  | 'GRACE'
  /** Its first term starts later. */
  | 'PENDING';

export type OperationMessageKind =
  | 'ERROR'
  | 'INFO'
  | 'PERMISSION'
  | 'VALIDATION'
  | 'WARNING';

/** A new password, with the uid and token of the emailed reset link. */
export type ResetPasswordInput = {
  /** The new password. */
  password: string;
  /** The `token` parameter of the reset link. */
  token: string;
  /** The `uid` parameter of the reset link. */
  uid: string;
};

/** An email address and password. */
export type SignInInput = {
  /** The account's email address. */
  email: string;
  /** The password. */
  password: string;
};

/** A new portal account. */
export type SignUpInput = {
  /** The email address to sign in with; it must be confirmed first. */
  email: string;
  /** Family name. */
  familyName: string;
  /** Given (first) name. */
  givenName: string;
  /** The password (the site's password rules apply). */
  password: string;
};

/** A member's choice about being contacted on one channel about one topic. */
export type UpdateConsentInput = {
  /** The channel, e.g. EMAIL. */
  channel: ConsentChannel;
  /** True to agree, false to withdraw. */
  granted: boolean;
  /** The topic, e.g. NEWSLETTER. */
  topic: ConsentTopic;
  /** The exact wording the member was shown when choosing (kept in the consent ledger). */
  wording: string;
};

/** Whether and how the signed-in member appears in the member directory. */
export type UpdateDirectoryVisibilityInput = {
  /** Appear in the directory (your name is always shown when you do). */
  optIn: boolean;
  /** Also show the city of your primary address. */
  showCity?: boolean;
  /** Also show your primary email. */
  showEmail?: boolean;
  /** Also show your primary phone number. */
  showPhone?: boolean;
};

/** Changes to the signed-in member's profile. Fields left out (or null) stay as they are; an empty string clears a text field; `birthDate: null` clears the birth date. */
export type UpdateProfileInput = {
  /** Date of birth (not in the future). */
  birthDate?: string | null | undefined;
  /** Family name. */
  familyName?: string | null | undefined;
  /** Given (first) name. */
  givenName?: string | null | undefined;
  /** Middle name(s). */
  middleName?: string | null | undefined;
  /** What they like to be called. */
  preferredName?: string | null | undefined;
  /** The postal address; becomes their primary one. */
  primaryAddress?: AddressInput | null | undefined;
  /** The email address to reach them at; becomes their primary one. */
  primaryEmail?: string | null | undefined;
  /** The phone number, in international form (e.g. +66 2 123 4567); becomes primary. */
  primaryPhone?: string | null | undefined;
  /** Pronouns, e.g. they/them. */
  pronouns?: string | null | undefined;
  /** Honorific, e.g. Dr, Ms, Khun. */
  title?: string | null | undefined;
};

export type ProblemsFragment = { messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> };

export type SignInMutationVariables = Exact<{
  input: SignInInput;
}>;


export type SignInMutation = { signIn:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
    | { __typename: 'Viewer', signedIn: boolean, displayName: string | null }
   };

export type SignUpMutationVariables = Exact<{
  input: SignUpInput;
}>;


export type SignUpMutation = { signUp:
    | { __typename: 'AccountRequestAccepted', email: string }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type VerifyEmailMutationVariables = Exact<{
  token: string;
}>;


export type VerifyEmailMutation = { verifyEmail:
    | { __typename: 'EmailVerified', email: string }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type RequestVerificationEmailMutationVariables = Exact<{
  email: string;
}>;


export type RequestVerificationEmailMutation = { requestVerificationEmail:
    | { __typename: 'AccountRequestAccepted', email: string }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type RequestPasswordResetMutationVariables = Exact<{
  email: string;
}>;


export type RequestPasswordResetMutation = { requestPasswordReset:
    | { __typename: 'AccountRequestAccepted', email: string }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type ResetPasswordMutationVariables = Exact<{
  input: ResetPasswordInput;
}>;


export type ResetPasswordMutation = { resetPassword:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
    | { __typename: 'PasswordChanged', email: string }
   };

export type RequestSignInLinkMutationVariables = Exact<{
  email: string;
}>;


export type RequestSignInLinkMutation = { requestSignInLink:
    | { __typename: 'AccountRequestAccepted', email: string }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type SignInWithLinkMutationVariables = Exact<{
  token: string;
}>;


export type SignInWithLinkMutation = { signInWithLink:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
    | { __typename: 'Viewer', signedIn: boolean, displayName: string | null }
   };

export type SignOutMutationVariables = Exact<{ [key: string]: never; }>;


export type SignOutMutation = { signOut:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
    | { __typename: 'Viewer', signedIn: boolean }
   };

type BodyBlocks_CallToActionBlock_Fragment = { __typename: 'CallToActionBlock', title: string, text: string, buttonLabel: string, buttonUrl: string, id: string };

type BodyBlocks_HeadingBlock_Fragment = { __typename: 'HeadingBlock', text: string, level: HeadingLevel, id: string };

type BodyBlocks_ImageBlock_Fragment = { __typename: 'ImageBlock', caption: string, id: string, rendition: { url: string, width: number, height: number, alt: string } | null };

type BodyBlocks_ParagraphBlock_Fragment = { __typename: 'ParagraphBlock', html: string, id: string };

type BodyBlocks_QuoteBlock_Fragment = { __typename: 'QuoteBlock', quote: string, attribution: string, id: string };

export type BodyBlocksFragment =
  | BodyBlocks_CallToActionBlock_Fragment
  | BodyBlocks_HeadingBlock_Fragment
  | BodyBlocks_ImageBlock_Fragment
  | BodyBlocks_ParagraphBlock_Fragment
  | BodyBlocks_QuoteBlock_Fragment
;

export type SiteHeaderQueryVariables = Exact<{ [key: string]: never; }>;


export type SiteHeaderQuery = { menu: Array<{ title: string, path: string }>, viewer: { signedIn: boolean, displayName: string | null } };

type PageContent_CampaignPage_Fragment = { __typename: 'CampaignPage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, body: Array<
    | { __typename: 'CallToActionBlock', title: string, text: string, buttonLabel: string, buttonUrl: string, id: string }
    | { __typename: 'HeadingBlock', text: string, level: HeadingLevel, id: string }
    | { __typename: 'ImageBlock', caption: string, id: string, rendition: { url: string, width: number, height: number, alt: string } | null }
    | { __typename: 'ParagraphBlock', html: string, id: string }
    | { __typename: 'QuoteBlock', quote: string, attribution: string, id: string }
  > };

type PageContent_ContentPage_Fragment = { __typename: 'ContentPage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, body: Array<
    | { __typename: 'CallToActionBlock', title: string, text: string, buttonLabel: string, buttonUrl: string, id: string }
    | { __typename: 'HeadingBlock', text: string, level: HeadingLevel, id: string }
    | { __typename: 'ImageBlock', caption: string, id: string, rendition: { url: string, width: number, height: number, alt: string } | null }
    | { __typename: 'ParagraphBlock', html: string, id: string }
    | { __typename: 'QuoteBlock', quote: string, attribution: string, id: string }
  > };

type PageContent_HomePage_Fragment = { __typename: 'HomePage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, body: Array<
    | { __typename: 'CallToActionBlock', title: string, text: string, buttonLabel: string, buttonUrl: string, id: string }
    | { __typename: 'HeadingBlock', text: string, level: HeadingLevel, id: string }
    | { __typename: 'ImageBlock', caption: string, id: string, rendition: { url: string, width: number, height: number, alt: string } | null }
    | { __typename: 'ParagraphBlock', html: string, id: string }
    | { __typename: 'QuoteBlock', quote: string, attribution: string, id: string }
  > };

type PageContent_NewsIndexPage_Fragment = { __typename: 'NewsIndexPage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, newsItems: { edges: Array<{ node: { id: string, title: string, path: string | null, date: string, summary: string } }> } };

type PageContent_NewsItemPage_Fragment = { __typename: 'NewsItemPage', date: string, summary: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, image: { rendition: { url: string, width: number, height: number, alt: string } | null } | null, body: Array<
    | { __typename: 'CallToActionBlock', title: string, text: string, buttonLabel: string, buttonUrl: string, id: string }
    | { __typename: 'HeadingBlock', text: string, level: HeadingLevel, id: string }
    | { __typename: 'ImageBlock', caption: string, id: string, rendition: { url: string, width: number, height: number, alt: string } | null }
    | { __typename: 'ParagraphBlock', html: string, id: string }
    | { __typename: 'QuoteBlock', quote: string, attribution: string, id: string }
  > };

export type PageContentFragment =
  | PageContent_CampaignPage_Fragment
  | PageContent_ContentPage_Fragment
  | PageContent_HomePage_Fragment
  | PageContent_NewsIndexPage_Fragment
  | PageContent_NewsItemPage_Fragment
;

export type PageQueryVariables = Exact<{
  path: string;
}>;


export type PageQuery = { page:
    | { __typename: 'CampaignPage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, body: Array<
        | { __typename: 'CallToActionBlock', title: string, text: string, buttonLabel: string, buttonUrl: string, id: string }
        | { __typename: 'HeadingBlock', text: string, level: HeadingLevel, id: string }
        | { __typename: 'ImageBlock', caption: string, id: string, rendition: { url: string, width: number, height: number, alt: string } | null }
        | { __typename: 'ParagraphBlock', html: string, id: string }
        | { __typename: 'QuoteBlock', quote: string, attribution: string, id: string }
      > }
    | { __typename: 'ContentPage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, body: Array<
        | { __typename: 'CallToActionBlock', title: string, text: string, buttonLabel: string, buttonUrl: string, id: string }
        | { __typename: 'HeadingBlock', text: string, level: HeadingLevel, id: string }
        | { __typename: 'ImageBlock', caption: string, id: string, rendition: { url: string, width: number, height: number, alt: string } | null }
        | { __typename: 'ParagraphBlock', html: string, id: string }
        | { __typename: 'QuoteBlock', quote: string, attribution: string, id: string }
      > }
    | { __typename: 'HomePage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, body: Array<
        | { __typename: 'CallToActionBlock', title: string, text: string, buttonLabel: string, buttonUrl: string, id: string }
        | { __typename: 'HeadingBlock', text: string, level: HeadingLevel, id: string }
        | { __typename: 'ImageBlock', caption: string, id: string, rendition: { url: string, width: number, height: number, alt: string } | null }
        | { __typename: 'ParagraphBlock', html: string, id: string }
        | { __typename: 'QuoteBlock', quote: string, attribution: string, id: string }
      > }
    | { __typename: 'NewsIndexPage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, newsItems: { edges: Array<{ node: { id: string, title: string, path: string | null, date: string, summary: string } }> } }
    | { __typename: 'NewsItemPage', date: string, summary: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, image: { rendition: { url: string, width: number, height: number, alt: string } | null } | null, body: Array<
        | { __typename: 'CallToActionBlock', title: string, text: string, buttonLabel: string, buttonUrl: string, id: string }
        | { __typename: 'HeadingBlock', text: string, level: HeadingLevel, id: string }
        | { __typename: 'ImageBlock', caption: string, id: string, rendition: { url: string, width: number, height: number, alt: string } | null }
        | { __typename: 'ParagraphBlock', html: string, id: string }
        | { __typename: 'QuoteBlock', quote: string, attribution: string, id: string }
      > }
   | null };

export type PagePreviewQueryVariables = Exact<{
  contentType: string;
  token: string;
}>;


export type PagePreviewQuery = { pagePreview:
    | { __typename: 'CampaignPage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, body: Array<
        | { __typename: 'CallToActionBlock', title: string, text: string, buttonLabel: string, buttonUrl: string, id: string }
        | { __typename: 'HeadingBlock', text: string, level: HeadingLevel, id: string }
        | { __typename: 'ImageBlock', caption: string, id: string, rendition: { url: string, width: number, height: number, alt: string } | null }
        | { __typename: 'ParagraphBlock', html: string, id: string }
        | { __typename: 'QuoteBlock', quote: string, attribution: string, id: string }
      > }
    | { __typename: 'ContentPage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, body: Array<
        | { __typename: 'CallToActionBlock', title: string, text: string, buttonLabel: string, buttonUrl: string, id: string }
        | { __typename: 'HeadingBlock', text: string, level: HeadingLevel, id: string }
        | { __typename: 'ImageBlock', caption: string, id: string, rendition: { url: string, width: number, height: number, alt: string } | null }
        | { __typename: 'ParagraphBlock', html: string, id: string }
        | { __typename: 'QuoteBlock', quote: string, attribution: string, id: string }
      > }
    | { __typename: 'HomePage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, body: Array<
        | { __typename: 'CallToActionBlock', title: string, text: string, buttonLabel: string, buttonUrl: string, id: string }
        | { __typename: 'HeadingBlock', text: string, level: HeadingLevel, id: string }
        | { __typename: 'ImageBlock', caption: string, id: string, rendition: { url: string, width: number, height: number, alt: string } | null }
        | { __typename: 'ParagraphBlock', html: string, id: string }
        | { __typename: 'QuoteBlock', quote: string, attribution: string, id: string }
      > }
    | { __typename: 'NewsIndexPage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, newsItems: { edges: Array<{ node: { id: string, title: string, path: string | null, date: string, summary: string } }> } }
    | { __typename: 'NewsItemPage', date: string, summary: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, image: { rendition: { url: string, width: number, height: number, alt: string } | null } | null, body: Array<
        | { __typename: 'CallToActionBlock', title: string, text: string, buttonLabel: string, buttonUrl: string, id: string }
        | { __typename: 'HeadingBlock', text: string, level: HeadingLevel, id: string }
        | { __typename: 'ImageBlock', caption: string, id: string, rendition: { url: string, width: number, height: number, alt: string } | null }
        | { __typename: 'ParagraphBlock', html: string, id: string }
        | { __typename: 'QuoteBlock', quote: string, attribution: string, id: string }
      > }
   | null };

export type MemberProfileFragment = { id: string, displayName: string, title: string, givenName: string, middleName: string, familyName: string, preferredName: string, pronouns: string, birthDate: string | null, emails: Array<{ address: string, isPrimary: boolean }>, phones: Array<{ number: string, isPrimary: boolean }>, addresses: Array<{ line1: string, line2: string, city: string, region: string, postalCode: string, country: string, isPrimary: boolean }>, consents: Array<{ channel: ConsentChannel, topic: ConsentTopic, granted: boolean, recordedAt: string | null }>, directoryVisibility: { optIn: boolean, showEmail: boolean, showPhone: boolean, showCity: boolean } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, displayName: string, title: string, givenName: string, middleName: string, familyName: string, preferredName: string, pronouns: string, birthDate: string | null, memberships: Array<{ id: string, status: MembershipStatus, startDate: string | null, endDate: string | null, autoRenew: boolean, isGift: boolean, level: { name: string, price: { amount: string, currency: string } } }>, emails: Array<{ address: string, isPrimary: boolean }>, phones: Array<{ number: string, isPrimary: boolean }>, addresses: Array<{ line1: string, line2: string, city: string, region: string, postalCode: string, country: string, isPrimary: boolean }>, consents: Array<{ channel: ConsentChannel, topic: ConsentTopic, granted: boolean, recordedAt: string | null }>, directoryVisibility: { optIn: boolean, showEmail: boolean, showPhone: boolean, showCity: boolean } } | null };

export type UpdateProfileMutationVariables = Exact<{
  input: UpdateProfileInput;
}>;


export type UpdateProfileMutation = { updateProfile:
    | { __typename: 'Member', id: string, displayName: string, title: string, givenName: string, middleName: string, familyName: string, preferredName: string, pronouns: string, birthDate: string | null, emails: Array<{ address: string, isPrimary: boolean }>, phones: Array<{ number: string, isPrimary: boolean }>, addresses: Array<{ line1: string, line2: string, city: string, region: string, postalCode: string, country: string, isPrimary: boolean }>, consents: Array<{ channel: ConsentChannel, topic: ConsentTopic, granted: boolean, recordedAt: string | null }>, directoryVisibility: { optIn: boolean, showEmail: boolean, showPhone: boolean, showCity: boolean } }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type UpdateConsentMutationVariables = Exact<{
  input: UpdateConsentInput;
}>;


export type UpdateConsentMutation = { updateConsent:
    | { __typename: 'Consent', channel: ConsentChannel, topic: ConsentTopic, granted: boolean, recordedAt: string | null }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type UpdateDirectoryVisibilityMutationVariables = Exact<{
  input: UpdateDirectoryVisibilityInput;
}>;


export type UpdateDirectoryVisibilityMutation = { updateDirectoryVisibility:
    | { __typename: 'Member', directoryVisibility: { optIn: boolean, showEmail: boolean, showPhone: boolean, showCity: boolean } }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type MemberDirectoryQueryVariables = Exact<{
  search?: string | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type MemberDirectoryQuery = { memberDirectory: { totalCount: number | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, displayName: string, email: string | null, phone: string | null, city: string | null } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ProblemsFragmentDoc = new TypedDocumentString(`
    fragment Problems on OperationInfo {
  messages {
    field
    code
    message
    kind
  }
}
    `, {"fragmentName":"Problems"}) as unknown as TypedDocumentString<ProblemsFragment, unknown>;
export const BodyBlocksFragmentDoc = new TypedDocumentString(`
    fragment BodyBlocks on BodyBlock {
  __typename
  id
  ... on HeadingBlock {
    text
    level
  }
  ... on ParagraphBlock {
    html
  }
  ... on ImageBlock {
    caption
    rendition(spec: "width-800") {
      url
      width
      height
      alt
    }
  }
  ... on CallToActionBlock {
    title
    text
    buttonLabel
    buttonUrl
  }
  ... on QuoteBlock {
    quote
    attribution
  }
}
    `, {"fragmentName":"BodyBlocks"}) as unknown as TypedDocumentString<BodyBlocksFragment, unknown>;
export const PageContentFragmentDoc = new TypedDocumentString(`
    fragment PageContent on Page {
  __typename
  id
  title
  seoTitle
  searchDescription
  path
  lastPublishedAt
  ... on HomePage {
    intro
    body {
      ...BodyBlocks
    }
  }
  ... on ContentPage {
    intro
    body {
      ...BodyBlocks
    }
  }
  ... on CampaignPage {
    intro
    body {
      ...BodyBlocks
    }
  }
  ... on NewsIndexPage {
    intro
    newsItems(first: 20) {
      edges {
        node {
          id
          title
          path
          date
          summary
        }
      }
    }
  }
  ... on NewsItemPage {
    date
    summary
    image {
      rendition(spec: "fill-800x600") {
        url
        width
        height
        alt
      }
    }
    body {
      ...BodyBlocks
    }
  }
}
    fragment BodyBlocks on BodyBlock {
  __typename
  id
  ... on HeadingBlock {
    text
    level
  }
  ... on ParagraphBlock {
    html
  }
  ... on ImageBlock {
    caption
    rendition(spec: "width-800") {
      url
      width
      height
      alt
    }
  }
  ... on CallToActionBlock {
    title
    text
    buttonLabel
    buttonUrl
  }
  ... on QuoteBlock {
    quote
    attribution
  }
}`, {"fragmentName":"PageContent"}) as unknown as TypedDocumentString<PageContentFragment, unknown>;
export const MemberProfileFragmentDoc = new TypedDocumentString(`
    fragment MemberProfile on Member {
  id
  displayName
  title
  givenName
  middleName
  familyName
  preferredName
  pronouns
  birthDate
  emails {
    address
    isPrimary
  }
  phones {
    number
    isPrimary
  }
  addresses {
    line1
    line2
    city
    region
    postalCode
    country
    isPrimary
  }
  consents {
    channel
    topic
    granted
    recordedAt
  }
  directoryVisibility {
    optIn
    showEmail
    showPhone
    showCity
  }
}
    `, {"fragmentName":"MemberProfile"}) as unknown as TypedDocumentString<MemberProfileFragment, unknown>;
export const SignInDocument = new TypedDocumentString(`
    mutation SignIn($input: SignInInput!) {
  signIn(input: $input) {
    __typename
    ...Problems
    ... on Viewer {
      signedIn
      displayName
    }
  }
}
    fragment Problems on OperationInfo {
  messages {
    field
    code
    message
    kind
  }
}`) as unknown as TypedDocumentString<SignInMutation, SignInMutationVariables>;
export const SignUpDocument = new TypedDocumentString(`
    mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    __typename
    ...Problems
    ... on AccountRequestAccepted {
      email
    }
  }
}
    fragment Problems on OperationInfo {
  messages {
    field
    code
    message
    kind
  }
}`) as unknown as TypedDocumentString<SignUpMutation, SignUpMutationVariables>;
export const VerifyEmailDocument = new TypedDocumentString(`
    mutation VerifyEmail($token: String!) {
  verifyEmail(token: $token) {
    __typename
    ...Problems
    ... on EmailVerified {
      email
    }
  }
}
    fragment Problems on OperationInfo {
  messages {
    field
    code
    message
    kind
  }
}`) as unknown as TypedDocumentString<VerifyEmailMutation, VerifyEmailMutationVariables>;
export const RequestVerificationEmailDocument = new TypedDocumentString(`
    mutation RequestVerificationEmail($email: String!) {
  requestVerificationEmail(email: $email) {
    __typename
    ...Problems
    ... on AccountRequestAccepted {
      email
    }
  }
}
    fragment Problems on OperationInfo {
  messages {
    field
    code
    message
    kind
  }
}`) as unknown as TypedDocumentString<RequestVerificationEmailMutation, RequestVerificationEmailMutationVariables>;
export const RequestPasswordResetDocument = new TypedDocumentString(`
    mutation RequestPasswordReset($email: String!) {
  requestPasswordReset(email: $email) {
    __typename
    ...Problems
    ... on AccountRequestAccepted {
      email
    }
  }
}
    fragment Problems on OperationInfo {
  messages {
    field
    code
    message
    kind
  }
}`) as unknown as TypedDocumentString<RequestPasswordResetMutation, RequestPasswordResetMutationVariables>;
export const ResetPasswordDocument = new TypedDocumentString(`
    mutation ResetPassword($input: ResetPasswordInput!) {
  resetPassword(input: $input) {
    __typename
    ...Problems
    ... on PasswordChanged {
      email
    }
  }
}
    fragment Problems on OperationInfo {
  messages {
    field
    code
    message
    kind
  }
}`) as unknown as TypedDocumentString<ResetPasswordMutation, ResetPasswordMutationVariables>;
export const RequestSignInLinkDocument = new TypedDocumentString(`
    mutation RequestSignInLink($email: String!) {
  requestSignInLink(email: $email) {
    __typename
    ...Problems
    ... on AccountRequestAccepted {
      email
    }
  }
}
    fragment Problems on OperationInfo {
  messages {
    field
    code
    message
    kind
  }
}`) as unknown as TypedDocumentString<RequestSignInLinkMutation, RequestSignInLinkMutationVariables>;
export const SignInWithLinkDocument = new TypedDocumentString(`
    mutation SignInWithLink($token: String!) {
  signInWithLink(token: $token) {
    __typename
    ...Problems
    ... on Viewer {
      signedIn
      displayName
    }
  }
}
    fragment Problems on OperationInfo {
  messages {
    field
    code
    message
    kind
  }
}`) as unknown as TypedDocumentString<SignInWithLinkMutation, SignInWithLinkMutationVariables>;
export const SignOutDocument = new TypedDocumentString(`
    mutation SignOut {
  signOut {
    __typename
    ...Problems
    ... on Viewer {
      signedIn
    }
  }
}
    fragment Problems on OperationInfo {
  messages {
    field
    code
    message
    kind
  }
}`) as unknown as TypedDocumentString<SignOutMutation, SignOutMutationVariables>;
export const SiteHeaderDocument = new TypedDocumentString(`
    query SiteHeader {
  menu {
    title
    path
  }
  viewer {
    signedIn
    displayName
  }
}
    `) as unknown as TypedDocumentString<SiteHeaderQuery, SiteHeaderQueryVariables>;
export const PageDocument = new TypedDocumentString(`
    query Page($path: String!) {
  page(path: $path) {
    ...PageContent
  }
}
    fragment BodyBlocks on BodyBlock {
  __typename
  id
  ... on HeadingBlock {
    text
    level
  }
  ... on ParagraphBlock {
    html
  }
  ... on ImageBlock {
    caption
    rendition(spec: "width-800") {
      url
      width
      height
      alt
    }
  }
  ... on CallToActionBlock {
    title
    text
    buttonLabel
    buttonUrl
  }
  ... on QuoteBlock {
    quote
    attribution
  }
}
fragment PageContent on Page {
  __typename
  id
  title
  seoTitle
  searchDescription
  path
  lastPublishedAt
  ... on HomePage {
    intro
    body {
      ...BodyBlocks
    }
  }
  ... on ContentPage {
    intro
    body {
      ...BodyBlocks
    }
  }
  ... on CampaignPage {
    intro
    body {
      ...BodyBlocks
    }
  }
  ... on NewsIndexPage {
    intro
    newsItems(first: 20) {
      edges {
        node {
          id
          title
          path
          date
          summary
        }
      }
    }
  }
  ... on NewsItemPage {
    date
    summary
    image {
      rendition(spec: "fill-800x600") {
        url
        width
        height
        alt
      }
    }
    body {
      ...BodyBlocks
    }
  }
}`) as unknown as TypedDocumentString<PageQuery, PageQueryVariables>;
export const PagePreviewDocument = new TypedDocumentString(`
    query PagePreview($contentType: String!, $token: String!) {
  pagePreview(contentType: $contentType, token: $token) {
    ...PageContent
  }
}
    fragment BodyBlocks on BodyBlock {
  __typename
  id
  ... on HeadingBlock {
    text
    level
  }
  ... on ParagraphBlock {
    html
  }
  ... on ImageBlock {
    caption
    rendition(spec: "width-800") {
      url
      width
      height
      alt
    }
  }
  ... on CallToActionBlock {
    title
    text
    buttonLabel
    buttonUrl
  }
  ... on QuoteBlock {
    quote
    attribution
  }
}
fragment PageContent on Page {
  __typename
  id
  title
  seoTitle
  searchDescription
  path
  lastPublishedAt
  ... on HomePage {
    intro
    body {
      ...BodyBlocks
    }
  }
  ... on ContentPage {
    intro
    body {
      ...BodyBlocks
    }
  }
  ... on CampaignPage {
    intro
    body {
      ...BodyBlocks
    }
  }
  ... on NewsIndexPage {
    intro
    newsItems(first: 20) {
      edges {
        node {
          id
          title
          path
          date
          summary
        }
      }
    }
  }
  ... on NewsItemPage {
    date
    summary
    image {
      rendition(spec: "fill-800x600") {
        url
        width
        height
        alt
      }
    }
    body {
      ...BodyBlocks
    }
  }
}`) as unknown as TypedDocumentString<PagePreviewQuery, PagePreviewQueryVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    ...MemberProfile
    memberships {
      id
      status
      startDate
      endDate
      autoRenew
      isGift
      level {
        name
        price {
          amount
          currency
        }
      }
    }
  }
}
    fragment MemberProfile on Member {
  id
  displayName
  title
  givenName
  middleName
  familyName
  preferredName
  pronouns
  birthDate
  emails {
    address
    isPrimary
  }
  phones {
    number
    isPrimary
  }
  addresses {
    line1
    line2
    city
    region
    postalCode
    country
    isPrimary
  }
  consents {
    channel
    topic
    granted
    recordedAt
  }
  directoryVisibility {
    optIn
    showEmail
    showPhone
    showCity
  }
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const UpdateProfileDocument = new TypedDocumentString(`
    mutation UpdateProfile($input: UpdateProfileInput!) {
  updateProfile(input: $input) {
    __typename
    ...Problems
    ... on Member {
      ...MemberProfile
    }
  }
}
    fragment Problems on OperationInfo {
  messages {
    field
    code
    message
    kind
  }
}
fragment MemberProfile on Member {
  id
  displayName
  title
  givenName
  middleName
  familyName
  preferredName
  pronouns
  birthDate
  emails {
    address
    isPrimary
  }
  phones {
    number
    isPrimary
  }
  addresses {
    line1
    line2
    city
    region
    postalCode
    country
    isPrimary
  }
  consents {
    channel
    topic
    granted
    recordedAt
  }
  directoryVisibility {
    optIn
    showEmail
    showPhone
    showCity
  }
}`) as unknown as TypedDocumentString<UpdateProfileMutation, UpdateProfileMutationVariables>;
export const UpdateConsentDocument = new TypedDocumentString(`
    mutation UpdateConsent($input: UpdateConsentInput!) {
  updateConsent(input: $input) {
    __typename
    ...Problems
    ... on Consent {
      channel
      topic
      granted
      recordedAt
    }
  }
}
    fragment Problems on OperationInfo {
  messages {
    field
    code
    message
    kind
  }
}`) as unknown as TypedDocumentString<UpdateConsentMutation, UpdateConsentMutationVariables>;
export const UpdateDirectoryVisibilityDocument = new TypedDocumentString(`
    mutation UpdateDirectoryVisibility($input: UpdateDirectoryVisibilityInput!) {
  updateDirectoryVisibility(input: $input) {
    __typename
    ...Problems
    ... on Member {
      directoryVisibility {
        optIn
        showEmail
        showPhone
        showCity
      }
    }
  }
}
    fragment Problems on OperationInfo {
  messages {
    field
    code
    message
    kind
  }
}`) as unknown as TypedDocumentString<UpdateDirectoryVisibilityMutation, UpdateDirectoryVisibilityMutationVariables>;
export const MemberDirectoryDocument = new TypedDocumentString(`
    query MemberDirectory($search: String, $first: Int!, $after: String) {
  memberDirectory(search: $search, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        displayName
        email
        phone
        city
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MemberDirectoryQuery, MemberDirectoryQueryVariables>;