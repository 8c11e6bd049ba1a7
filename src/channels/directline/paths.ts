/** Where Direct Line 3.0 lives, as on Azure (`https://directline.botframework.com/v3/directline`). */
export const DIRECTLINE_PATH = '/v3/directline';

/** Matches the path of a stream URL (after any prefix a proxy kept) and captures the conversation id. */
export const STREAM_PATH = /\/v3\/directline\/conversations\/([^/]+)\/stream$/;
