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

/** Where a charge reached by its emailed authentication link stands. */
export type ChargeAuthenticationState =
  /** The bank did not confirm it: nothing was charged, and this link cannot be used again. */
  | 'FAILED'
  /** Nothing is needed from the donor for this charge. */
  | 'NOT_NEEDED'
  /** The bank asks the donor to confirm it: pass `clientSecret` to Stripe.js confirmCardPayment. */
  | 'REQUIRES_ACTION'
  /** Paid already: nothing more to do; it is not charged again. */
  | 'SUCCEEDED';

/** Joining: a level, and for a visitor the new account; the card comes with joinMembership. */
export type CheckJoinInput = {
  /** Required when not signed in; ignored when signed in. */
  account?: JoinAccountInput | null | undefined;
  /** The level; its price is what is charged. */
  levelId: string | number;
  /** Keep the card and renew at the end of each term. */
  renewAutomatically?: boolean;
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

/** Whether a gift is given once or repeats. */
export type DonationFrequency =
  /** Now, then every year. */
  | 'ANNUAL'
  /** Now, then every month. */
  | 'MONTHLY'
  /** One gift now. */
  | 'ONCE';

/** Who is giving, when not signed in (the receipt goes to this address). */
export type DonorInput = {
  /** Email address for the receipt. */
  email: string;
  /** Family name. */
  familyName?: string;
  /** Given (first) name. */
  givenName: string;
};

/** Why no message reaches an address. */
export type EmailSuppressionReason =
  /** A message was marked as spam. */
  | 'COMPLAINT'
  /** The receiving server said the address does not exist. */
  | 'HARD_BOUNCE'
  /** Staff stopped messages to it. */
  | 'MANUAL'
  /** Messages kept being turned away (a full mailbox…). */
  | 'SOFT_BOUNCES';

/** Where a gift stands. */
export type GiftStatus =
  /** The payment was disputed. */
  | 'DISPUTED'
  /** The payment failed. */
  | 'FAILED'
  /** Part of it was refunded. */
  | 'PARTIALLY_REFUNDED'
  /** Waiting for the payment. */
  | 'PENDING'
  /** Refunded in full. */
  | 'REFUNDED'
  /** Paid. */
  | 'SUCCEEDED';

/** The level of a heading block. */
export type HeadingLevel =
  /** A second-level heading. */
  | 'H2'
  /** A third-level heading. */
  | 'H3'
  /** A fourth-level heading. */
  | 'H4';

/** The account a visitor makes while joining (skipped when signed in). */
export type JoinAccountInput = {
  /** The email address to sign in with (confirmed later, by a link). */
  email: string;
  /** Family name. */
  familyName: string;
  /** Given (first) name. */
  givenName: string;
  /** The password (the site's password rules apply). */
  password: string;
};

/** Joining in one go: a level, the card, and for a visitor the new account. */
export type JoinMembershipInput = {
  /** Required when not signed in; ignored when signed in. */
  account?: JoinAccountInput | null | undefined;
  /** The level; its price is what is charged. */
  levelId: string | number;
  /** The card from Stripe.js: a PaymentMethod id (pm_…) or a card token (tok_…). */
  paymentMethodId: string;
  /** Keep the card and renew at the end of each term. */
  renewAutomatically?: boolean;
  /** A random key made once per attempt (e.g. a UUID). */
  requestKey: string;
};

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

/** How long one paid term of a level lasts. */
export type MembershipTermLength =
  /** A year. */
  | 'ANNUAL'
  /** For life; never renews. */
  | 'LIFETIME'
  /** A month. */
  | 'MONTHLY';

/** How far a sent message got, as far as the mail provider reported (it only moves forward). */
export type MessageDelivery =
  /** The receiving server turned it away. */
  | 'BOUNCED'
  /** A link in it was followed. */
  | 'CLICKED'
  /** It was marked as spam. */
  | 'COMPLAINED'
  /** The receiving server asked to try again later. */
  | 'DEFERRED'
  /** The receiving server accepted it. */
  | 'DELIVERED'
  /** It was opened. */
  | 'OPENED'
  /** Sent; the mail provider has reported nothing more (yet). */
  | 'SENT';

export type OperationMessageKind =
  | 'ERROR'
  | 'INFO'
  | 'PERMISSION'
  | 'VALIDATION'
  | 'WARNING';

/** What happened when a payment was started. */
export type PaymentStatus =
  /** The bank is still deciding; we email the outcome. */
  | 'PROCESSING'
  /** The card's bank asks the donor to authenticate: use `clientSecret`. */
  | 'REQUIRES_ACTION'
  /** Paid. */
  | 'SUCCEEDED';

/** How often a recurring gift is charged. */
export type RecurringFrequency =
  /** Every year. */
  | 'ANNUAL'
  /** Every month. */
  | 'MONTHLY';

/** Where a recurring gift stands. */
export type RecurringGiftStatus =
  /** Charged on schedule. */
  | 'ACTIVE'
  /** Cancelled. */
  | 'CANCELLED'
  /** Its last charge failed after every retry: update the card. */
  | 'PAST_DUE'
  /** Paused: nothing is charged. */
  | 'PAUSED'
  /** Awaiting its first payment. */
  | 'PENDING';

/** Hours the volunteer gave on a shift they had a place on. */
export type ReportHoursInput = {
  /** The hours, e.g. "3.5": more than zero, at most the shift's length. */
  hours: string;
  /** Anything staff should know (optional). */
  note?: string;
  /** The sign-up (shift) the hours are for. */
  signupId: string | number;
};

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

/** Where a sign-up for a shift stands. */
export type SignupStatus =
  /** Came to the shift. */
  | 'ATTENDED'
  /** Cancelled. */
  | 'CANCELLED'
  /** Has a place, confirmed by staff. */
  | 'CONFIRMED'
  /** Had a place but did not come. */
  | 'NO_SHOW'
  /** Has a place on the shift. */
  | 'SIGNED_UP'
  /** Waiting for a place; the first in line gets the next one freed. */
  | 'WAITLISTED';

/** A gift to start. */
export type StartDonationInput = {
  /** The amount in major units, e.g. "50.00" (before covered fees). */
  amount: string;
  /** Leave my name out of public lists. */
  anonymous?: boolean;
  /** The source code of the appeal that brought the donor (the donate link's `source`, e.g. from a campaign email): the gift, and each installment of a monthly or yearly one, is recorded under that appeal. An unknown or closed code (a stale link) is ignored: the gift goes ahead without an appeal. */
  appealCode?: string | null | undefined;
  /** The campaign it counts for. */
  campaignId?: string | number | null | undefined;
  /** Add coverFeesAmount so the fee is covered. */
  coverFees?: boolean;
  /** ISO 4217 code; one of donationOptions.currencies. */
  currency: string;
  /** Required when not signed in. */
  donor?: DonorInput | null | undefined;
  /** Once (the default), monthly or yearly. */
  frequency?: DonationFrequency | null | undefined;
  /** The fund; the default fund if null. */
  fundId?: string | number | null | undefined;
  /** The card from Stripe.js: a PaymentMethod id (pm_…) or a card token (tok_…). */
  paymentMethodId: string;
  /** A random key made once per attempt (e.g. a UUID). */
  requestKey: string;
  /** Show my given name on the campaign page's supporters (ignored when `anonymous` is set). */
  showName?: boolean;
  /** In honour or memory of someone. */
  tribute?: TributeInput | null | undefined;
};

/** A membership to pay for: join, renew, change level, or give to someone. */
export type StartMembershipPurchaseInput = {
  /** Give the membership to this person instead (a gift membership). */
  giftFor?: DonorInput | null | undefined;
  /** The level; its price is what is charged. */
  levelId: string | number;
  /** Your membership to renew (same level) or move to the new level; null to join. */
  membershipId?: string | number | null | undefined;
  /** The card from Stripe.js: a PaymentMethod id (pm_…) or a card token (tok_…). */
  paymentMethodId: string;
  /** Keep the card and renew at the end of each term. */
  renewAutomatically?: boolean;
  /** A random key made once per attempt (e.g. a UUID). */
  requestKey: string;
};

/** The website's typeface: a stack of fonts already on the device. */
export type ThemeFont =
  /** A humanist sans-serif stack (Seravek, Gill Sans, Calibri …). */
  | 'HUMANIST'
  /** A serif stack (Georgia, Iowan, Noto Serif …). */
  | 'SERIF'
  /** The device's interface sans-serif. */
  | 'SYSTEM_SANS';

/** A gift in honour or in memory of someone, and whom to tell. */
export type TributeInput = {
  /** In honour of, or in memory of. */
  kind: TributeKind;
  /** A message to pass on. */
  message?: string;
  /** The person honoured or remembered. */
  name: string;
  /** Their email address. */
  notifyEmail?: string;
  /** Someone to tell about the gift (no amount shown). */
  notifyName?: string;
};

/** Whom a gift honours. */
export type TributeKind =
  /** In honour of a living person. */
  | 'HONOUR'
  /** In memory of someone. */
  | 'MEMORY';

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
  /** The email address to reach them at. One already theirs becomes primary at once; a new one is used only once confirmed: a link is sent to it (see `pendingEmail` and `confirmEmail`). Too many links asked for one address, or from one network, make it wait (code `throttled`). */
  primaryEmail?: string | null | undefined;
  /** The phone number, in international form (e.g. +66 2 123 4567); becomes primary. */
  primaryPhone?: string | null | undefined;
  /** Pronouns, e.g. they/them. */
  pronouns?: string | null | undefined;
  /** Honorific, e.g. Dr, Ms, Khun. */
  title?: string | null | undefined;
};

/** Changes to one of your recurring gifts (future charges only). */
export type UpdateRecurringGiftInput = {
  /** The new amount of each charge. */
  amount?: string | null | undefined;
  /** The recurring gift. */
  id: string | number;
  /** Move the next charge (and the day of later ones) to this date, after today. */
  nextChargeDate?: string | null | undefined;
};

/** Where reported volunteer hours stand. */
export type VolunteerHoursStatus =
  /** Approved: they count. */
  | 'APPROVED'
  /** Waiting for staff to approve. */
  | 'PENDING'
  /** Rejected by staff. */
  | 'REJECTED';

/** Narrow the open shifts: every condition given must hold; leave one out (or null) to not narrow by it. */
export type VolunteerShiftFilter = {
  /** Only shifts starting on this day or later, in the shift's own time zone. */
  fromDate?: string | null | undefined;
  /** True: only opportunities done online; false: only in-person ones. */
  online?: boolean | null | undefined;
  /** Part of the location of an in-person opportunity, e.g. Leeds (any letter case). */
  place?: string | null | undefined;
  /** The name of a skill the opportunity wants (see volunteerSkills), e.g. Gardening. */
  skill?: string | null | undefined;
  /** Only shifts starting on this day or earlier, in the shift's own time zone (none before fromDate). */
  toDate?: string | null | undefined;
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

export type ChargeAuthenticationFieldsFragment = { state: ChargeAuthenticationState, description: string, cardBrand: string | null, cardLast4: string | null, clientSecret: string | null, amount: { amount: string, currency: string } };

export type ChargeAuthenticationPageQueryVariables = Exact<{
  token: string;
}>;


export type ChargeAuthenticationPageQuery = { chargeAuthentication:
    | { __typename: 'ChargeAuthentication', state: ChargeAuthenticationState, description: string, cardBrand: string | null, cardLast4: string | null, clientSecret: string | null, amount: { amount: string, currency: string } }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
  , donationOptions: { stripePublishableKey: string } };

export type CompleteChargeAuthenticationMutationVariables = Exact<{
  token: string;
}>;


export type CompleteChargeAuthenticationMutation = { chargeAuthenticationComplete:
    | { __typename: 'ChargeAuthentication', state: ChargeAuthenticationState, description: string, cardBrand: string | null, cardLast4: string | null, clientSecret: string | null, amount: { amount: string, currency: string } }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
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

export type SiteThemeFieldsFragment = { organisationName: string, primaryColour: string, secondaryColour: string, font: ThemeFont, logo: { rendition: { url: string, width: number, height: number } | null } | null, favicon: { rendition: { url: string } | null } | null };

export type SiteHeaderQueryVariables = Exact<{ [key: string]: never; }>;


export type SiteHeaderQuery = { siteTheme: { organisationName: string, primaryColour: string, secondaryColour: string, font: ThemeFont, logo: { rendition: { url: string, width: number, height: number } | null } | null, favicon: { rendition: { url: string } | null } | null }, menu: Array<{ title: string, path: string }>, viewer: { signedIn: boolean, displayName: string | null } };

export type SiteThemeQueryVariables = Exact<{ [key: string]: never; }>;


export type SiteThemeQuery = { siteTheme: { organisationName: string, primaryColour: string, secondaryColour: string, font: ThemeFont, logo: { rendition: { url: string, width: number, height: number } | null } | null, favicon: { rendition: { url: string } | null } | null } };

type PageContent_CampaignPage_Fragment = { __typename: 'CampaignPage', intro: string, callToAction: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, heroImage: { rendition: { url: string, width: number, height: number, alt: string } | null } | null, campaign: { id: string, slug: string, endDate: string | null, daysLeft: number | null, ended: boolean, percent: number | null, donorCount: number, recentSupporters: Array<{ givenName: string | null, giftDate: string }>, goal: { amount: string, currency: string }, raised: { amount: string, currency: string } } | null, body: Array<
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

type PageContent_NewsletterArchivePage_Fragment = { __typename: 'NewsletterArchivePage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, newsletters: { totalCount: number | null, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, subject: string, preheader: string, sentAt: string, url: string } }> } };

export type PageContentFragment =
  | PageContent_CampaignPage_Fragment
  | PageContent_ContentPage_Fragment
  | PageContent_HomePage_Fragment
  | PageContent_NewsIndexPage_Fragment
  | PageContent_NewsItemPage_Fragment
  | PageContent_NewsletterArchivePage_Fragment
;

export type PageQueryVariables = Exact<{
  path: string;
  archiveAfter?: string | null | undefined;
}>;


export type PageQuery = { page:
    | { __typename: 'CampaignPage', intro: string, callToAction: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, heroImage: { rendition: { url: string, width: number, height: number, alt: string } | null } | null, campaign: { id: string, slug: string, endDate: string | null, daysLeft: number | null, ended: boolean, percent: number | null, donorCount: number, recentSupporters: Array<{ givenName: string | null, giftDate: string }>, goal: { amount: string, currency: string }, raised: { amount: string, currency: string } } | null, body: Array<
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
    | { __typename: 'NewsletterArchivePage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, newsletters: { totalCount: number | null, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, subject: string, preheader: string, sentAt: string, url: string } }> } }
   | null };

export type PagePreviewQueryVariables = Exact<{
  contentType: string;
  token: string;
  archiveAfter?: string | null | undefined;
}>;


export type PagePreviewQuery = { pagePreview:
    | { __typename: 'CampaignPage', intro: string, callToAction: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, heroImage: { rendition: { url: string, width: number, height: number, alt: string } | null } | null, campaign: { id: string, slug: string, endDate: string | null, daysLeft: number | null, ended: boolean, percent: number | null, donorCount: number, recentSupporters: Array<{ givenName: string | null, giftDate: string }>, goal: { amount: string, currency: string }, raised: { amount: string, currency: string } } | null, body: Array<
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
    | { __typename: 'NewsletterArchivePage', intro: string, id: string, title: string, seoTitle: string, searchDescription: string, path: string | null, lastPublishedAt: string | null, newsletters: { totalCount: number | null, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, subject: string, preheader: string, sentAt: string, url: string } }> } }
   | null };

export type DonatePageQueryVariables = Exact<{ [key: string]: never; }>;


export type DonatePageQuery = { donationOptions: { defaultCurrency: string, defaultFundId: string | null, stripePublishableKey: string, stripeAccountCountry: string, payeeName: string, currencies: Array<{ code: string, decimals: number, minimum: { amount: string }, maximum: { amount: string } }>, presetAmounts: Array<{ amount: string, currency: string }> }, funds: Array<{ id: string, name: string, restricted: boolean }>, campaigns: Array<{ id: string, name: string, slug: string }>, viewer: { signedIn: boolean } };

export type CoverFeesQueryVariables = Exact<{
  amount: string;
  currency: string;
}>;


export type CoverFeesQuery = { coverFeesAmount: { amount: string, currency: string } };

export type StartDonationMutationVariables = Exact<{
  input: StartDonationInput;
}>;


export type StartDonationMutation = { startDonation:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
    | { __typename: 'PaymentStarted', status: PaymentStatus, clientSecret: string | null, gift: { id: string, status: GiftStatus, fundName: string, amount: { amount: string, currency: string } }, recurringGift: { id: string, frequency: RecurringFrequency, nextChargeDate: string | null } | null }
   };

export type EmailReaderQueryVariables = Exact<{
  token: string;
}>;


export type EmailReaderQuery = { emailReader: { givenName: string, familyName: string, email: string } | null };

export type RecurringGiftFieldsFragment = { id: string, frequency: RecurringFrequency, fundName: string, status: RecurringGiftStatus, nextChargeDate: string | null, pausedUntil: string | null, isMembershipRenewal: boolean, amount: { amount: string, currency: string }, paymentMethod: { brand: string, last4: string, expMonth: number | null, expYear: number | null } | null };

export type MyGivingPageQueryVariables = Exact<{ [key: string]: never; }>;


export type MyGivingPageQuery = { myGifts: { totalCount: number | null, edges: Array<{ node: { id: string, giftDate: string, fundName: string, campaignName: string | null, status: GiftStatus, isRecurring: boolean, amount: { amount: string, currency: string }, receipt: { number: string, downloadUrl: string } | null } }> }, myGiving: { giftCount: number, lifetimeTotal: { amount: string, currency: string }, thisYearTotal: { amount: string, currency: string }, statements: Array<{ year: number, downloadUrl: string }> } | null, myRecurringGifts: Array<{ id: string, frequency: RecurringFrequency, fundName: string, status: RecurringGiftStatus, nextChargeDate: string | null, pausedUntil: string | null, isMembershipRenewal: boolean, amount: { amount: string, currency: string }, paymentMethod: { brand: string, last4: string, expMonth: number | null, expYear: number | null } | null }>, donationOptions: { stripePublishableKey: string } };

export type UpdateRecurringGiftMutationVariables = Exact<{
  input: UpdateRecurringGiftInput;
}>;


export type UpdateRecurringGiftMutation = { updateRecurringGift:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
    | { __typename: 'RecurringGift', id: string, frequency: RecurringFrequency, fundName: string, status: RecurringGiftStatus, nextChargeDate: string | null, pausedUntil: string | null, isMembershipRenewal: boolean, amount: { amount: string, currency: string }, paymentMethod: { brand: string, last4: string, expMonth: number | null, expYear: number | null } | null }
   };

export type PauseRecurringGiftMutationVariables = Exact<{
  id: string | number;
}>;


export type PauseRecurringGiftMutation = { pauseRecurringGift:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
    | { __typename: 'RecurringGift', id: string, frequency: RecurringFrequency, fundName: string, status: RecurringGiftStatus, nextChargeDate: string | null, pausedUntil: string | null, isMembershipRenewal: boolean, amount: { amount: string, currency: string }, paymentMethod: { brand: string, last4: string, expMonth: number | null, expYear: number | null } | null }
   };

export type ResumeRecurringGiftMutationVariables = Exact<{
  id: string | number;
}>;


export type ResumeRecurringGiftMutation = { resumeRecurringGift:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
    | { __typename: 'RecurringGift', id: string, frequency: RecurringFrequency, fundName: string, status: RecurringGiftStatus, nextChargeDate: string | null, pausedUntil: string | null, isMembershipRenewal: boolean, amount: { amount: string, currency: string }, paymentMethod: { brand: string, last4: string, expMonth: number | null, expYear: number | null } | null }
   };

export type SkipRecurringGiftMutationVariables = Exact<{
  id: string | number;
}>;


export type SkipRecurringGiftMutation = { skipRecurringGift:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
    | { __typename: 'RecurringGift', id: string, frequency: RecurringFrequency, fundName: string, status: RecurringGiftStatus, nextChargeDate: string | null, pausedUntil: string | null, isMembershipRenewal: boolean, amount: { amount: string, currency: string }, paymentMethod: { brand: string, last4: string, expMonth: number | null, expYear: number | null } | null }
   };

export type CancelRecurringGiftMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type CancelRecurringGiftMutation = { cancelRecurringGift:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
    | { __typename: 'RecurringGift', id: string, frequency: RecurringFrequency, fundName: string, status: RecurringGiftStatus, nextChargeDate: string | null, pausedUntil: string | null, isMembershipRenewal: boolean, amount: { amount: string, currency: string }, paymentMethod: { brand: string, last4: string, expMonth: number | null, expYear: number | null } | null }
   };

export type StartCardUpdateMutationVariables = Exact<{
  id: string | number;
}>;


export type StartCardUpdateMutation = { startCardUpdate:
    | { __typename: 'CardSetup', setupIntentId: string, clientSecret: string }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
   };

export type FinishCardUpdateMutationVariables = Exact<{
  id: string | number;
  setupIntentId: string;
}>;


export type FinishCardUpdateMutation = { finishCardUpdate:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
    | { __typename: 'RecurringGift', id: string, frequency: RecurringFrequency, fundName: string, status: RecurringGiftStatus, nextChargeDate: string | null, pausedUntil: string | null, isMembershipRenewal: boolean, amount: { amount: string, currency: string }, paymentMethod: { brand: string, last4: string, expMonth: number | null, expYear: number | null } | null }
   };

export type JoinPageQueryVariables = Exact<{ [key: string]: never; }>;


export type JoinPageQuery = { membershipLevels: Array<{ id: string, name: string, slug: string, description: string, benefits: Array<string>, term: MembershipTermLength, price: { amount: string, currency: string } }>, donationOptions: { stripePublishableKey: string }, viewer: { signedIn: boolean } };

export type StartMembershipPurchaseMutationVariables = Exact<{
  input: StartMembershipPurchaseInput;
}>;


export type StartMembershipPurchaseMutation = { startMembershipPurchase:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
    | { __typename: 'PaymentStarted', status: PaymentStatus, clientSecret: string | null, gift: { id: string, amount: { amount: string, currency: string } } }
   };

export type SetMembershipAutoRenewMutationVariables = Exact<{
  membershipId: string | number;
  autoRenew: boolean;
}>;


export type SetMembershipAutoRenewMutation = { setMembershipAutoRenew:
    | { __typename: 'Membership', id: string, autoRenew: boolean }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
   };

export type CheckJoinMutationVariables = Exact<{
  input: CheckJoinInput;
}>;


export type CheckJoinMutation = { checkJoin:
    | { __typename: 'JoinChecked' }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
   };

export type JoinMembershipMutationVariables = Exact<{
  input: JoinMembershipInput;
}>;


export type JoinMembershipMutation = { joinMembership:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
    | { __typename: 'PaymentStarted', status: PaymentStatus, clientSecret: string | null, gift: { id: string, amount: { amount: string, currency: string } } }
   };

export type MembershipPurchaseQuoteQueryVariables = Exact<{
  levelId: string | number;
  membershipId?: string | number | null | undefined;
}>;


export type MembershipPurchaseQuoteQuery = { membershipPurchaseQuote: { startDate: string, endDate: string | null, amount: { amount: string, currency: string } } | null };

export type ManagedGiftFieldsFragment = { frequency: RecurringFrequency, status: RecurringGiftStatus, fundName: string, nextChargeDate: string | null, pausedUntil: string | null, cardBrand: string | null, cardLast4: string | null, accountInvitationUrl: string | null, amount: { amount: string, currency: string }, minimum: { amount: string }, maximum: { amount: string }, lowerAmount: { amount: string, currency: string } | null };

export type ManagedGiftQueryVariables = Exact<{
  token: string;
}>;


export type ManagedGiftQuery = { managedGift:
    | { __typename: 'ManagedGift', frequency: RecurringFrequency, status: RecurringGiftStatus, fundName: string, nextChargeDate: string | null, pausedUntil: string | null, cardBrand: string | null, cardLast4: string | null, accountInvitationUrl: string | null, amount: { amount: string, currency: string }, minimum: { amount: string }, maximum: { amount: string }, lowerAmount: { amount: string, currency: string } | null }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type ManageGiftPageQueryVariables = Exact<{ [key: string]: never; }>;


export type ManageGiftPageQuery = { donationOptions: { stripePublishableKey: string } };

export type UpdateManagedGiftMutationVariables = Exact<{
  token: string;
  amount: string;
}>;


export type UpdateManagedGiftMutation = { updateManagedGift:
    | { __typename: 'ManagedGift', frequency: RecurringFrequency, status: RecurringGiftStatus, fundName: string, nextChargeDate: string | null, pausedUntil: string | null, cardBrand: string | null, cardLast4: string | null, accountInvitationUrl: string | null, amount: { amount: string, currency: string }, minimum: { amount: string }, maximum: { amount: string }, lowerAmount: { amount: string, currency: string } | null }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type PauseManagedGiftMutationVariables = Exact<{
  token: string;
  months: number;
}>;


export type PauseManagedGiftMutation = { pauseManagedGift:
    | { __typename: 'ManagedGift', frequency: RecurringFrequency, status: RecurringGiftStatus, fundName: string, nextChargeDate: string | null, pausedUntil: string | null, cardBrand: string | null, cardLast4: string | null, accountInvitationUrl: string | null, amount: { amount: string, currency: string }, minimum: { amount: string }, maximum: { amount: string }, lowerAmount: { amount: string, currency: string } | null }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type ResumeManagedGiftMutationVariables = Exact<{
  token: string;
}>;


export type ResumeManagedGiftMutation = { resumeManagedGift:
    | { __typename: 'ManagedGift', frequency: RecurringFrequency, status: RecurringGiftStatus, fundName: string, nextChargeDate: string | null, pausedUntil: string | null, cardBrand: string | null, cardLast4: string | null, accountInvitationUrl: string | null, amount: { amount: string, currency: string }, minimum: { amount: string }, maximum: { amount: string }, lowerAmount: { amount: string, currency: string } | null }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type CancelManagedGiftMutationVariables = Exact<{
  token: string;
  reason: string;
}>;


export type CancelManagedGiftMutation = { cancelManagedGift:
    | { __typename: 'ManagedGift', frequency: RecurringFrequency, status: RecurringGiftStatus, fundName: string, nextChargeDate: string | null, pausedUntil: string | null, cardBrand: string | null, cardLast4: string | null, accountInvitationUrl: string | null, amount: { amount: string, currency: string }, minimum: { amount: string }, maximum: { amount: string }, lowerAmount: { amount: string, currency: string } | null }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type StartManagedCardUpdateMutationVariables = Exact<{
  token: string;
}>;


export type StartManagedCardUpdateMutation = { startManagedCardUpdate:
    | { __typename: 'CardSetup', setupIntentId: string, clientSecret: string }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type FinishManagedCardUpdateMutationVariables = Exact<{
  token: string;
  setupIntentId: string;
}>;


export type FinishManagedCardUpdateMutation = { finishManagedCardUpdate:
    | { __typename: 'ManagedGift', frequency: RecurringFrequency, status: RecurringGiftStatus, fundName: string, nextChargeDate: string | null, pausedUntil: string | null, cardBrand: string | null, cardLast4: string | null, accountInvitationUrl: string | null, amount: { amount: string, currency: string }, minimum: { amount: string }, maximum: { amount: string }, lowerAmount: { amount: string, currency: string } | null }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type StartedRecurringGiftQueryVariables = Exact<{ [key: string]: never; }>;


export type StartedRecurringGiftQuery = { startedRecurringGift: { frequency: RecurringFrequency, nextChargeDate: string | null, manageUrl: string | null, amount: { amount: string, currency: string } } | null };

export type MyMessagesQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type MyMessagesQuery = { myMessages: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, endCursor: string | null }, edges: Array<{ node: { key: string, kind: string, kindLabel: string, topic: ConsentTopic | null, subject: string, sentAt: string, status: MessageDelivery, webVersionUrl: string } }> } };

export type MemberProfileFragment = { id: string, displayName: string, title: string, givenName: string, middleName: string, familyName: string, preferredName: string, pronouns: string, birthDate: string | null, pendingEmail: string | null, emails: Array<{ address: string, isPrimary: boolean }>, phones: Array<{ number: string, isPrimary: boolean }>, addresses: Array<{ line1: string, line2: string, city: string, region: string, postalCode: string, country: string, isPrimary: boolean }>, consents: Array<{ channel: ConsentChannel, topic: ConsentTopic, granted: boolean, recordedAt: string | null }>, directoryVisibility: { optIn: boolean, showEmail: boolean, showPhone: boolean, showCity: boolean }, household: { displayName: string, members: Array<{ displayName: string }> } | null };

export type EmailSuppressionNoticeFragment = { address: string, reason: EmailSuppressionReason, since: string, canResubscribe: boolean };

export type MemberEmailSuppressionQueryVariables = Exact<{ [key: string]: never; }>;


export type MemberEmailSuppressionQuery = { me: { emailSuppression: { address: string, reason: EmailSuppressionReason, since: string, canResubscribe: boolean } | null } | null };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, displayName: string, title: string, givenName: string, middleName: string, familyName: string, preferredName: string, pronouns: string, birthDate: string | null, pendingEmail: string | null, memberships: Array<{ id: string, status: MembershipStatus, startDate: string | null, endDate: string | null, autoRenew: boolean, isGift: boolean, level: { id: string, name: string, term: MembershipTermLength, price: { amount: string, currency: string } } }>, emails: Array<{ address: string, isPrimary: boolean }>, phones: Array<{ number: string, isPrimary: boolean }>, addresses: Array<{ line1: string, line2: string, city: string, region: string, postalCode: string, country: string, isPrimary: boolean }>, consents: Array<{ channel: ConsentChannel, topic: ConsentTopic, granted: boolean, recordedAt: string | null }>, directoryVisibility: { optIn: boolean, showEmail: boolean, showPhone: boolean, showCity: boolean }, household: { displayName: string, members: Array<{ displayName: string }> } | null } | null };

export type UpdateProfileMutationVariables = Exact<{
  input: UpdateProfileInput;
}>;


export type UpdateProfileMutation = { updateProfile:
    | { __typename: 'Member', id: string, displayName: string, title: string, givenName: string, middleName: string, familyName: string, preferredName: string, pronouns: string, birthDate: string | null, pendingEmail: string | null, emails: Array<{ address: string, isPrimary: boolean }>, phones: Array<{ number: string, isPrimary: boolean }>, addresses: Array<{ line1: string, line2: string, city: string, region: string, postalCode: string, country: string, isPrimary: boolean }>, consents: Array<{ channel: ConsentChannel, topic: ConsentTopic, granted: boolean, recordedAt: string | null }>, directoryVisibility: { optIn: boolean, showEmail: boolean, showPhone: boolean, showCity: boolean }, household: { displayName: string, members: Array<{ displayName: string }> } | null }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type ConfirmEmailMutationVariables = Exact<{
  token: string;
}>;


export type ConfirmEmailMutation = { confirmEmail:
    | { __typename: 'Member', id: string, displayName: string, title: string, givenName: string, middleName: string, familyName: string, preferredName: string, pronouns: string, birthDate: string | null, pendingEmail: string | null, emails: Array<{ address: string, isPrimary: boolean }>, phones: Array<{ number: string, isPrimary: boolean }>, addresses: Array<{ line1: string, line2: string, city: string, region: string, postalCode: string, country: string, isPrimary: boolean }>, consents: Array<{ channel: ConsentChannel, topic: ConsentTopic, granted: boolean, recordedAt: string | null }>, directoryVisibility: { optIn: boolean, showEmail: boolean, showPhone: boolean, showCity: boolean }, household: { displayName: string, members: Array<{ displayName: string }> } | null }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type UpdateConsentMutationVariables = Exact<{
  input: UpdateConsentInput;
}>;


export type UpdateConsentMutation = { updateConsent:
    | { __typename: 'Consent', channel: ConsentChannel, topic: ConsentTopic, granted: boolean, recordedAt: string | null }
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string, kind: OperationMessageKind }> }
   };

export type ResubscribeEmailMutationVariables = Exact<{ [key: string]: never; }>;


export type ResubscribeEmailMutation = { resubscribeEmail:
    | { __typename: 'Member', emailSuppression: { address: string, reason: EmailSuppressionReason, since: string, canResubscribe: boolean } | null }
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


export type MemberDirectoryQuery = { memberDirectory: { totalCount: number | null, totalCountIsCapped: boolean, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, displayName: string, email: string | null, phone: string | null, city: string | null } }> } };

export type AddressCountriesQueryVariables = Exact<{ [key: string]: never; }>;


export type AddressCountriesQuery = { addressCountries: Array<string> };

export type ShiftFieldsFragment = { id: string, startsAt: string, endsAt: string, timeZone: string, capacity: number, freePlaces: number, waitlistEnabled: boolean, signupsCloseAt: string };

export type VolunteerShiftsQueryVariables = Exact<{
  filter?: VolunteerShiftFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type VolunteerShiftsQuery = { volunteerPlaces: Array<string>, volunteerShifts: { totalCount: number | null, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, startsAt: string, endsAt: string, timeZone: string, capacity: number, freePlaces: number, waitlistEnabled: boolean, signupsCloseAt: string, opportunity: { id: string, title: string, description: string, location: string, isOnline: boolean, requiresBackgroundCheck: boolean, skillsWanted: Array<{ name: string }> } } }> }, volunteerSkills: Array<{ name: string }>, viewer: { signedIn: boolean } };

export type MyVolunteeringQueryVariables = Exact<{ [key: string]: never; }>;


export type MyVolunteeringQuery = { myCalendarFeedUrl: string | null, upcoming: { edges: Array<{ node: { id: string, status: SignupStatus, waitlistedAt: string | null, hoursReported: { hours: string, status: VolunteerHoursStatus } | null, shift: { id: string, startsAt: string, endsAt: string, timeZone: string, capacity: number, freePlaces: number, waitlistEnabled: boolean, signupsCloseAt: string, opportunity: { id: string, title: string, location: string } } } }> }, all: { edges: Array<{ node: { id: string, status: SignupStatus, waitlistedAt: string | null, hoursReported: { hours: string, status: VolunteerHoursStatus } | null, shift: { id: string, startsAt: string, endsAt: string, timeZone: string, capacity: number, freePlaces: number, waitlistEnabled: boolean, signupsCloseAt: string, opportunity: { id: string, title: string, location: string } } } }> }, myVolunteerTotals: { approvedHours: string, pendingHours: string, shiftsAttended: number } | null };

export type SignupFieldsFragment = { id: string, status: SignupStatus, waitlistedAt: string | null, hoursReported: { hours: string, status: VolunteerHoursStatus } | null, shift: { id: string, startsAt: string, endsAt: string, timeZone: string, capacity: number, freePlaces: number, waitlistEnabled: boolean, signupsCloseAt: string, opportunity: { id: string, title: string, location: string } } };

export type SignUpForShiftMutationVariables = Exact<{
  shiftId: string | number;
}>;


export type SignUpForShiftMutation = { signUpForShift:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
    | { __typename: 'ShiftSignup', id: string, status: SignupStatus, shift: { id: string, freePlaces: number, capacity: number } }
   };

export type CancelSignupMutationVariables = Exact<{
  signupId: string | number;
}>;


export type CancelSignupMutation = { cancelSignup:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
    | { __typename: 'ShiftSignup', id: string, status: SignupStatus, shift: { id: string, freePlaces: number, capacity: number } }
   };

export type ReportHoursMutationVariables = Exact<{
  input: ReportHoursInput;
}>;


export type ReportHoursMutation = { reportHours:
    | { __typename: 'OperationInfo', messages: Array<{ field: string | null, code: string | null, message: string }> }
    | { __typename: 'VolunteerHoursEntry', id: string, hours: string, status: VolunteerHoursStatus }
   };

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
export const ChargeAuthenticationFieldsFragmentDoc = new TypedDocumentString(`
    fragment ChargeAuthenticationFields on ChargeAuthentication {
  state
  amount {
    amount
    currency
  }
  description
  cardBrand
  cardLast4
  clientSecret
}
    `, {"fragmentName":"ChargeAuthenticationFields"}) as unknown as TypedDocumentString<ChargeAuthenticationFieldsFragment, unknown>;
export const SiteThemeFieldsFragmentDoc = new TypedDocumentString(`
    fragment SiteThemeFields on SiteTheme {
  organisationName
  primaryColour
  secondaryColour
  font
  logo {
    rendition(spec: "max-400x96") {
      url
      width
      height
    }
  }
  favicon {
    rendition(spec: "fill-64x64") {
      url
    }
  }
}
    `, {"fragmentName":"SiteThemeFields"}) as unknown as TypedDocumentString<SiteThemeFieldsFragment, unknown>;
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
    callToAction
    heroImage {
      rendition(spec: "fill-1200x630") {
        url
        width
        height
        alt
      }
    }
    campaign {
      id
      slug
      endDate
      daysLeft
      ended
      recentSupporters {
        givenName
        giftDate
      }
      goal {
        amount
        currency
      }
      raised {
        amount
        currency
      }
      percent
      donorCount
    }
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
  ... on NewsletterArchivePage {
    intro
    newsletters(first: 20, after: $archiveAfter) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        endCursor
      }
      edges {
        node {
          id
          subject
          preheader
          sentAt
          url
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
export const RecurringGiftFieldsFragmentDoc = new TypedDocumentString(`
    fragment RecurringGiftFields on RecurringGift {
  id
  amount {
    amount
    currency
  }
  frequency
  fundName
  status
  nextChargeDate
  pausedUntil
  isMembershipRenewal
  paymentMethod {
    brand
    last4
    expMonth
    expYear
  }
}
    `, {"fragmentName":"RecurringGiftFields"}) as unknown as TypedDocumentString<RecurringGiftFieldsFragment, unknown>;
export const ManagedGiftFieldsFragmentDoc = new TypedDocumentString(`
    fragment ManagedGiftFields on ManagedGift {
  amount {
    amount
    currency
  }
  frequency
  status
  fundName
  nextChargeDate
  pausedUntil
  cardBrand
  cardLast4
  minimum {
    amount
  }
  maximum {
    amount
  }
  lowerAmount {
    amount
    currency
  }
  accountInvitationUrl
}
    `, {"fragmentName":"ManagedGiftFields"}) as unknown as TypedDocumentString<ManagedGiftFieldsFragment, unknown>;
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
  pendingEmail
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
  household {
    displayName
    members {
      displayName
    }
  }
}
    `, {"fragmentName":"MemberProfile"}) as unknown as TypedDocumentString<MemberProfileFragment, unknown>;
export const EmailSuppressionNoticeFragmentDoc = new TypedDocumentString(`
    fragment EmailSuppressionNotice on EmailSuppression {
  address
  reason
  since
  canResubscribe
}
    `, {"fragmentName":"EmailSuppressionNotice"}) as unknown as TypedDocumentString<EmailSuppressionNoticeFragment, unknown>;
export const ShiftFieldsFragmentDoc = new TypedDocumentString(`
    fragment ShiftFields on VolunteerShift {
  id
  startsAt
  endsAt
  timeZone
  capacity
  freePlaces
  waitlistEnabled
  signupsCloseAt
}
    `, {"fragmentName":"ShiftFields"}) as unknown as TypedDocumentString<ShiftFieldsFragment, unknown>;
export const SignupFieldsFragmentDoc = new TypedDocumentString(`
    fragment SignupFields on ShiftSignup {
  id
  status
  waitlistedAt
  hoursReported {
    hours
    status
  }
  shift {
    ...ShiftFields
    opportunity {
      id
      title
      location
    }
  }
}
    fragment ShiftFields on VolunteerShift {
  id
  startsAt
  endsAt
  timeZone
  capacity
  freePlaces
  waitlistEnabled
  signupsCloseAt
}`, {"fragmentName":"SignupFields"}) as unknown as TypedDocumentString<SignupFieldsFragment, unknown>;
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
export const ChargeAuthenticationPageDocument = new TypedDocumentString(`
    query ChargeAuthenticationPage($token: String!) {
  chargeAuthentication(token: $token) {
    __typename
    ...Problems
    ...ChargeAuthenticationFields
  }
  donationOptions {
    stripePublishableKey
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
fragment ChargeAuthenticationFields on ChargeAuthentication {
  state
  amount {
    amount
    currency
  }
  description
  cardBrand
  cardLast4
  clientSecret
}`) as unknown as TypedDocumentString<ChargeAuthenticationPageQuery, ChargeAuthenticationPageQueryVariables>;
export const CompleteChargeAuthenticationDocument = new TypedDocumentString(`
    mutation CompleteChargeAuthentication($token: String!) {
  chargeAuthenticationComplete(token: $token) {
    __typename
    ...Problems
    ...ChargeAuthenticationFields
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
fragment ChargeAuthenticationFields on ChargeAuthentication {
  state
  amount {
    amount
    currency
  }
  description
  cardBrand
  cardLast4
  clientSecret
}`) as unknown as TypedDocumentString<CompleteChargeAuthenticationMutation, CompleteChargeAuthenticationMutationVariables>;
export const SiteHeaderDocument = new TypedDocumentString(`
    query SiteHeader {
  siteTheme {
    ...SiteThemeFields
  }
  menu {
    title
    path
  }
  viewer {
    signedIn
    displayName
  }
}
    fragment SiteThemeFields on SiteTheme {
  organisationName
  primaryColour
  secondaryColour
  font
  logo {
    rendition(spec: "max-400x96") {
      url
      width
      height
    }
  }
  favicon {
    rendition(spec: "fill-64x64") {
      url
    }
  }
}`) as unknown as TypedDocumentString<SiteHeaderQuery, SiteHeaderQueryVariables>;
export const SiteThemeDocument = new TypedDocumentString(`
    query SiteTheme {
  siteTheme {
    ...SiteThemeFields
  }
}
    fragment SiteThemeFields on SiteTheme {
  organisationName
  primaryColour
  secondaryColour
  font
  logo {
    rendition(spec: "max-400x96") {
      url
      width
      height
    }
  }
  favicon {
    rendition(spec: "fill-64x64") {
      url
    }
  }
}`) as unknown as TypedDocumentString<SiteThemeQuery, SiteThemeQueryVariables>;
export const PageDocument = new TypedDocumentString(`
    query Page($path: String!, $archiveAfter: String) {
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
    callToAction
    heroImage {
      rendition(spec: "fill-1200x630") {
        url
        width
        height
        alt
      }
    }
    campaign {
      id
      slug
      endDate
      daysLeft
      ended
      recentSupporters {
        givenName
        giftDate
      }
      goal {
        amount
        currency
      }
      raised {
        amount
        currency
      }
      percent
      donorCount
    }
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
  ... on NewsletterArchivePage {
    intro
    newsletters(first: 20, after: $archiveAfter) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        endCursor
      }
      edges {
        node {
          id
          subject
          preheader
          sentAt
          url
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
    query PagePreview($contentType: String!, $token: String!, $archiveAfter: String) {
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
    callToAction
    heroImage {
      rendition(spec: "fill-1200x630") {
        url
        width
        height
        alt
      }
    }
    campaign {
      id
      slug
      endDate
      daysLeft
      ended
      recentSupporters {
        givenName
        giftDate
      }
      goal {
        amount
        currency
      }
      raised {
        amount
        currency
      }
      percent
      donorCount
    }
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
  ... on NewsletterArchivePage {
    intro
    newsletters(first: 20, after: $archiveAfter) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        endCursor
      }
      edges {
        node {
          id
          subject
          preheader
          sentAt
          url
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
export const DonatePageDocument = new TypedDocumentString(`
    query DonatePage {
  donationOptions {
    currencies {
      code
      decimals
      minimum {
        amount
      }
      maximum {
        amount
      }
    }
    defaultCurrency
    defaultFundId
    presetAmounts {
      amount
      currency
    }
    stripePublishableKey
    stripeAccountCountry
    payeeName
  }
  funds {
    id
    name
    restricted
  }
  campaigns {
    id
    name
    slug
  }
  viewer {
    signedIn
  }
}
    `) as unknown as TypedDocumentString<DonatePageQuery, DonatePageQueryVariables>;
export const CoverFeesDocument = new TypedDocumentString(`
    query CoverFees($amount: Decimal!, $currency: String!) {
  coverFeesAmount(amount: $amount, currency: $currency) {
    amount
    currency
  }
}
    `) as unknown as TypedDocumentString<CoverFeesQuery, CoverFeesQueryVariables>;
export const StartDonationDocument = new TypedDocumentString(`
    mutation StartDonation($input: StartDonationInput!) {
  startDonation(input: $input) {
    __typename
    ... on PaymentStarted {
      status
      clientSecret
      gift {
        id
        status
        amount {
          amount
          currency
        }
        fundName
      }
      recurringGift {
        id
        frequency
        nextChargeDate
      }
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StartDonationMutation, StartDonationMutationVariables>;
export const EmailReaderDocument = new TypedDocumentString(`
    query EmailReader($token: String!) {
  emailReader(token: $token) {
    givenName
    familyName
    email
  }
}
    `) as unknown as TypedDocumentString<EmailReaderQuery, EmailReaderQueryVariables>;
export const MyGivingPageDocument = new TypedDocumentString(`
    query MyGivingPage {
  myGifts(first: 50) {
    totalCount
    edges {
      node {
        id
        giftDate
        amount {
          amount
          currency
        }
        fundName
        campaignName
        status
        isRecurring
        receipt {
          number
          downloadUrl
        }
      }
    }
  }
  myGiving {
    giftCount
    lifetimeTotal {
      amount
      currency
    }
    thisYearTotal {
      amount
      currency
    }
    statements {
      year
      downloadUrl
    }
  }
  myRecurringGifts {
    ...RecurringGiftFields
  }
  donationOptions {
    stripePublishableKey
  }
}
    fragment RecurringGiftFields on RecurringGift {
  id
  amount {
    amount
    currency
  }
  frequency
  fundName
  status
  nextChargeDate
  pausedUntil
  isMembershipRenewal
  paymentMethod {
    brand
    last4
    expMonth
    expYear
  }
}`) as unknown as TypedDocumentString<MyGivingPageQuery, MyGivingPageQueryVariables>;
export const UpdateRecurringGiftDocument = new TypedDocumentString(`
    mutation UpdateRecurringGift($input: UpdateRecurringGiftInput!) {
  updateRecurringGift(input: $input) {
    __typename
    ... on RecurringGift {
      ...RecurringGiftFields
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    fragment RecurringGiftFields on RecurringGift {
  id
  amount {
    amount
    currency
  }
  frequency
  fundName
  status
  nextChargeDate
  pausedUntil
  isMembershipRenewal
  paymentMethod {
    brand
    last4
    expMonth
    expYear
  }
}`) as unknown as TypedDocumentString<UpdateRecurringGiftMutation, UpdateRecurringGiftMutationVariables>;
export const PauseRecurringGiftDocument = new TypedDocumentString(`
    mutation PauseRecurringGift($id: ID!) {
  pauseRecurringGift(id: $id) {
    __typename
    ... on RecurringGift {
      ...RecurringGiftFields
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    fragment RecurringGiftFields on RecurringGift {
  id
  amount {
    amount
    currency
  }
  frequency
  fundName
  status
  nextChargeDate
  pausedUntil
  isMembershipRenewal
  paymentMethod {
    brand
    last4
    expMonth
    expYear
  }
}`) as unknown as TypedDocumentString<PauseRecurringGiftMutation, PauseRecurringGiftMutationVariables>;
export const ResumeRecurringGiftDocument = new TypedDocumentString(`
    mutation ResumeRecurringGift($id: ID!) {
  resumeRecurringGift(id: $id) {
    __typename
    ... on RecurringGift {
      ...RecurringGiftFields
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    fragment RecurringGiftFields on RecurringGift {
  id
  amount {
    amount
    currency
  }
  frequency
  fundName
  status
  nextChargeDate
  pausedUntil
  isMembershipRenewal
  paymentMethod {
    brand
    last4
    expMonth
    expYear
  }
}`) as unknown as TypedDocumentString<ResumeRecurringGiftMutation, ResumeRecurringGiftMutationVariables>;
export const SkipRecurringGiftDocument = new TypedDocumentString(`
    mutation SkipRecurringGift($id: ID!) {
  skipRecurringGift(id: $id) {
    __typename
    ... on RecurringGift {
      ...RecurringGiftFields
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    fragment RecurringGiftFields on RecurringGift {
  id
  amount {
    amount
    currency
  }
  frequency
  fundName
  status
  nextChargeDate
  pausedUntil
  isMembershipRenewal
  paymentMethod {
    brand
    last4
    expMonth
    expYear
  }
}`) as unknown as TypedDocumentString<SkipRecurringGiftMutation, SkipRecurringGiftMutationVariables>;
export const CancelRecurringGiftDocument = new TypedDocumentString(`
    mutation CancelRecurringGift($id: ID!, $reason: String!) {
  cancelRecurringGift(id: $id, reason: $reason) {
    __typename
    ... on RecurringGift {
      ...RecurringGiftFields
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    fragment RecurringGiftFields on RecurringGift {
  id
  amount {
    amount
    currency
  }
  frequency
  fundName
  status
  nextChargeDate
  pausedUntil
  isMembershipRenewal
  paymentMethod {
    brand
    last4
    expMonth
    expYear
  }
}`) as unknown as TypedDocumentString<CancelRecurringGiftMutation, CancelRecurringGiftMutationVariables>;
export const StartCardUpdateDocument = new TypedDocumentString(`
    mutation StartCardUpdate($id: ID!) {
  startCardUpdate(id: $id) {
    __typename
    ... on CardSetup {
      setupIntentId
      clientSecret
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StartCardUpdateMutation, StartCardUpdateMutationVariables>;
export const FinishCardUpdateDocument = new TypedDocumentString(`
    mutation FinishCardUpdate($id: ID!, $setupIntentId: String!) {
  finishCardUpdate(id: $id, setupIntentId: $setupIntentId) {
    __typename
    ... on RecurringGift {
      ...RecurringGiftFields
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    fragment RecurringGiftFields on RecurringGift {
  id
  amount {
    amount
    currency
  }
  frequency
  fundName
  status
  nextChargeDate
  pausedUntil
  isMembershipRenewal
  paymentMethod {
    brand
    last4
    expMonth
    expYear
  }
}`) as unknown as TypedDocumentString<FinishCardUpdateMutation, FinishCardUpdateMutationVariables>;
export const JoinPageDocument = new TypedDocumentString(`
    query JoinPage {
  membershipLevels {
    id
    name
    slug
    description
    benefits
    term
    price {
      amount
      currency
    }
  }
  donationOptions {
    stripePublishableKey
  }
  viewer {
    signedIn
  }
}
    `) as unknown as TypedDocumentString<JoinPageQuery, JoinPageQueryVariables>;
export const StartMembershipPurchaseDocument = new TypedDocumentString(`
    mutation StartMembershipPurchase($input: StartMembershipPurchaseInput!) {
  startMembershipPurchase(input: $input) {
    __typename
    ... on PaymentStarted {
      status
      clientSecret
      gift {
        id
        amount {
          amount
          currency
        }
      }
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StartMembershipPurchaseMutation, StartMembershipPurchaseMutationVariables>;
export const SetMembershipAutoRenewDocument = new TypedDocumentString(`
    mutation SetMembershipAutoRenew($membershipId: ID!, $autoRenew: Boolean!) {
  setMembershipAutoRenew(membershipId: $membershipId, autoRenew: $autoRenew) {
    __typename
    ... on Membership {
      id
      autoRenew
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SetMembershipAutoRenewMutation, SetMembershipAutoRenewMutationVariables>;
export const CheckJoinDocument = new TypedDocumentString(`
    mutation CheckJoin($input: CheckJoinInput!) {
  checkJoin(input: $input) {
    __typename
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CheckJoinMutation, CheckJoinMutationVariables>;
export const JoinMembershipDocument = new TypedDocumentString(`
    mutation JoinMembership($input: JoinMembershipInput!) {
  joinMembership(input: $input) {
    __typename
    ... on PaymentStarted {
      status
      clientSecret
      gift {
        id
        amount {
          amount
          currency
        }
      }
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<JoinMembershipMutation, JoinMembershipMutationVariables>;
export const MembershipPurchaseQuoteDocument = new TypedDocumentString(`
    query MembershipPurchaseQuote($levelId: ID!, $membershipId: ID) {
  membershipPurchaseQuote(levelId: $levelId, membershipId: $membershipId) {
    amount {
      amount
      currency
    }
    startDate
    endDate
  }
}
    `) as unknown as TypedDocumentString<MembershipPurchaseQuoteQuery, MembershipPurchaseQuoteQueryVariables>;
export const ManagedGiftDocument = new TypedDocumentString(`
    query ManagedGift($token: String!) {
  managedGift(token: $token) {
    __typename
    ...Problems
    ...ManagedGiftFields
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
fragment ManagedGiftFields on ManagedGift {
  amount {
    amount
    currency
  }
  frequency
  status
  fundName
  nextChargeDate
  pausedUntil
  cardBrand
  cardLast4
  minimum {
    amount
  }
  maximum {
    amount
  }
  lowerAmount {
    amount
    currency
  }
  accountInvitationUrl
}`) as unknown as TypedDocumentString<ManagedGiftQuery, ManagedGiftQueryVariables>;
export const ManageGiftPageDocument = new TypedDocumentString(`
    query ManageGiftPage {
  donationOptions {
    stripePublishableKey
  }
}
    `) as unknown as TypedDocumentString<ManageGiftPageQuery, ManageGiftPageQueryVariables>;
export const UpdateManagedGiftDocument = new TypedDocumentString(`
    mutation UpdateManagedGift($token: String!, $amount: Decimal!) {
  updateManagedGift(token: $token, amount: $amount) {
    __typename
    ...Problems
    ...ManagedGiftFields
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
fragment ManagedGiftFields on ManagedGift {
  amount {
    amount
    currency
  }
  frequency
  status
  fundName
  nextChargeDate
  pausedUntil
  cardBrand
  cardLast4
  minimum {
    amount
  }
  maximum {
    amount
  }
  lowerAmount {
    amount
    currency
  }
  accountInvitationUrl
}`) as unknown as TypedDocumentString<UpdateManagedGiftMutation, UpdateManagedGiftMutationVariables>;
export const PauseManagedGiftDocument = new TypedDocumentString(`
    mutation PauseManagedGift($token: String!, $months: Int!) {
  pauseManagedGift(token: $token, months: $months) {
    __typename
    ...Problems
    ...ManagedGiftFields
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
fragment ManagedGiftFields on ManagedGift {
  amount {
    amount
    currency
  }
  frequency
  status
  fundName
  nextChargeDate
  pausedUntil
  cardBrand
  cardLast4
  minimum {
    amount
  }
  maximum {
    amount
  }
  lowerAmount {
    amount
    currency
  }
  accountInvitationUrl
}`) as unknown as TypedDocumentString<PauseManagedGiftMutation, PauseManagedGiftMutationVariables>;
export const ResumeManagedGiftDocument = new TypedDocumentString(`
    mutation ResumeManagedGift($token: String!) {
  resumeManagedGift(token: $token) {
    __typename
    ...Problems
    ...ManagedGiftFields
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
fragment ManagedGiftFields on ManagedGift {
  amount {
    amount
    currency
  }
  frequency
  status
  fundName
  nextChargeDate
  pausedUntil
  cardBrand
  cardLast4
  minimum {
    amount
  }
  maximum {
    amount
  }
  lowerAmount {
    amount
    currency
  }
  accountInvitationUrl
}`) as unknown as TypedDocumentString<ResumeManagedGiftMutation, ResumeManagedGiftMutationVariables>;
export const CancelManagedGiftDocument = new TypedDocumentString(`
    mutation CancelManagedGift($token: String!, $reason: String!) {
  cancelManagedGift(token: $token, reason: $reason) {
    __typename
    ...Problems
    ...ManagedGiftFields
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
fragment ManagedGiftFields on ManagedGift {
  amount {
    amount
    currency
  }
  frequency
  status
  fundName
  nextChargeDate
  pausedUntil
  cardBrand
  cardLast4
  minimum {
    amount
  }
  maximum {
    amount
  }
  lowerAmount {
    amount
    currency
  }
  accountInvitationUrl
}`) as unknown as TypedDocumentString<CancelManagedGiftMutation, CancelManagedGiftMutationVariables>;
export const StartManagedCardUpdateDocument = new TypedDocumentString(`
    mutation StartManagedCardUpdate($token: String!) {
  startManagedCardUpdate(token: $token) {
    __typename
    ...Problems
    ... on CardSetup {
      setupIntentId
      clientSecret
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
}`) as unknown as TypedDocumentString<StartManagedCardUpdateMutation, StartManagedCardUpdateMutationVariables>;
export const FinishManagedCardUpdateDocument = new TypedDocumentString(`
    mutation FinishManagedCardUpdate($token: String!, $setupIntentId: String!) {
  finishManagedCardUpdate(token: $token, setupIntentId: $setupIntentId) {
    __typename
    ...Problems
    ...ManagedGiftFields
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
fragment ManagedGiftFields on ManagedGift {
  amount {
    amount
    currency
  }
  frequency
  status
  fundName
  nextChargeDate
  pausedUntil
  cardBrand
  cardLast4
  minimum {
    amount
  }
  maximum {
    amount
  }
  lowerAmount {
    amount
    currency
  }
  accountInvitationUrl
}`) as unknown as TypedDocumentString<FinishManagedCardUpdateMutation, FinishManagedCardUpdateMutationVariables>;
export const StartedRecurringGiftDocument = new TypedDocumentString(`
    query StartedRecurringGift {
  startedRecurringGift {
    amount {
      amount
      currency
    }
    frequency
    nextChargeDate
    manageUrl
  }
}
    `) as unknown as TypedDocumentString<StartedRecurringGiftQuery, StartedRecurringGiftQueryVariables>;
export const MyMessagesDocument = new TypedDocumentString(`
    query MyMessages($first: Int!, $after: String) {
  myMessages(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      hasPreviousPage
      endCursor
    }
    edges {
      node {
        key
        kind
        kindLabel
        topic
        subject
        sentAt
        status
        webVersionUrl
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyMessagesQuery, MyMessagesQueryVariables>;
export const MemberEmailSuppressionDocument = new TypedDocumentString(`
    query MemberEmailSuppression {
  me {
    emailSuppression {
      ...EmailSuppressionNotice
    }
  }
}
    fragment EmailSuppressionNotice on EmailSuppression {
  address
  reason
  since
  canResubscribe
}`) as unknown as TypedDocumentString<MemberEmailSuppressionQuery, MemberEmailSuppressionQueryVariables>;
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
        id
        name
        term
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
  pendingEmail
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
  household {
    displayName
    members {
      displayName
    }
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
  pendingEmail
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
  household {
    displayName
    members {
      displayName
    }
  }
}`) as unknown as TypedDocumentString<UpdateProfileMutation, UpdateProfileMutationVariables>;
export const ConfirmEmailDocument = new TypedDocumentString(`
    mutation ConfirmEmail($token: String!) {
  confirmEmail(token: $token) {
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
  pendingEmail
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
  household {
    displayName
    members {
      displayName
    }
  }
}`) as unknown as TypedDocumentString<ConfirmEmailMutation, ConfirmEmailMutationVariables>;
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
export const ResubscribeEmailDocument = new TypedDocumentString(`
    mutation ResubscribeEmail {
  resubscribeEmail {
    __typename
    ...Problems
    ... on Member {
      emailSuppression {
        ...EmailSuppressionNotice
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
}
fragment EmailSuppressionNotice on EmailSuppression {
  address
  reason
  since
  canResubscribe
}`) as unknown as TypedDocumentString<ResubscribeEmailMutation, ResubscribeEmailMutationVariables>;
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
    totalCountIsCapped
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
export const AddressCountriesDocument = new TypedDocumentString(`
    query AddressCountries {
  addressCountries
}
    `) as unknown as TypedDocumentString<AddressCountriesQuery, AddressCountriesQueryVariables>;
export const VolunteerShiftsDocument = new TypedDocumentString(`
    query VolunteerShifts($filter: VolunteerShiftFilter, $first: Int!, $after: String) {
  volunteerShifts(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        ...ShiftFields
        opportunity {
          id
          title
          description
          location
          isOnline
          requiresBackgroundCheck
          skillsWanted {
            name
          }
        }
      }
    }
  }
  volunteerPlaces
  volunteerSkills {
    name
  }
  viewer {
    signedIn
  }
}
    fragment ShiftFields on VolunteerShift {
  id
  startsAt
  endsAt
  timeZone
  capacity
  freePlaces
  waitlistEnabled
  signupsCloseAt
}`) as unknown as TypedDocumentString<VolunteerShiftsQuery, VolunteerShiftsQueryVariables>;
export const MyVolunteeringDocument = new TypedDocumentString(`
    query MyVolunteering {
  upcoming: myShifts(first: 50) {
    edges {
      node {
        ...SignupFields
      }
    }
  }
  all: myShifts(first: 50, upcomingOnly: false) {
    edges {
      node {
        ...SignupFields
      }
    }
  }
  myVolunteerTotals {
    approvedHours
    pendingHours
    shiftsAttended
  }
  myCalendarFeedUrl
}
    fragment ShiftFields on VolunteerShift {
  id
  startsAt
  endsAt
  timeZone
  capacity
  freePlaces
  waitlistEnabled
  signupsCloseAt
}
fragment SignupFields on ShiftSignup {
  id
  status
  waitlistedAt
  hoursReported {
    hours
    status
  }
  shift {
    ...ShiftFields
    opportunity {
      id
      title
      location
    }
  }
}`) as unknown as TypedDocumentString<MyVolunteeringQuery, MyVolunteeringQueryVariables>;
export const SignUpForShiftDocument = new TypedDocumentString(`
    mutation SignUpForShift($shiftId: ID!) {
  signUpForShift(input: {shiftId: $shiftId}) {
    __typename
    ... on ShiftSignup {
      id
      status
      shift {
        id
        freePlaces
        capacity
      }
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SignUpForShiftMutation, SignUpForShiftMutationVariables>;
export const CancelSignupDocument = new TypedDocumentString(`
    mutation CancelSignup($signupId: ID!) {
  cancelSignup(input: {signupId: $signupId}) {
    __typename
    ... on ShiftSignup {
      id
      status
      shift {
        id
        freePlaces
        capacity
      }
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CancelSignupMutation, CancelSignupMutationVariables>;
export const ReportHoursDocument = new TypedDocumentString(`
    mutation ReportHours($input: ReportHoursInput!) {
  reportHours(input: $input) {
    __typename
    ... on VolunteerHoursEntry {
      id
      hours
      status
    }
    ... on OperationInfo {
      messages {
        field
        code
        message
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ReportHoursMutation, ReportHoursMutationVariables>;