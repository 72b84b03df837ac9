"""Communications in the API: what the reader of a campaign email may see through the links it gave them."""
