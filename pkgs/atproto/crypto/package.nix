# @atproto/crypto with its production dependencies, from the bluesky-atproto build.
{bluesky-atproto}: bluesky-atproto.members.crypto
