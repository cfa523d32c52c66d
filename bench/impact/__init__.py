"""The impact benchmark: synthetic panels with known truth, mixroom against the anchors."""
