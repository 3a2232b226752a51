"""Complementary supports and community: income-support and ID-document
trackers (slice 1); groups, opportunities and the stigma log come later."""
