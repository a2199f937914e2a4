// A downstream project of atpkgs' @atproto/api (pkgs.atproto.atproto-api in its buildInputs):
// rich text facets and AT URIs, computed offline.
import { AtUri, RichText } from '@atproto/api'

const text = new RichText({ text: 'hello @alice.example.test, see https://atproto.com' })
text.detectFacetsWithoutResolution()
const uri = new AtUri('at://did:plc:abcdefghijklmnopqrstuvwx/app.bsky.feed.post/3k2akwatbcd2c')
console.log(JSON.stringify({
  facets: text.facets.map((facet) => facet.features[0].$type),
  collection: uri.collection,
}))
