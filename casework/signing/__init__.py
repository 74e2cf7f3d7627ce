"""Digital signatures: PAdES signing with pyHanko, verification of every signed upload, the officials' certificates."""
