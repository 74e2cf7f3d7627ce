"""The commune chairman's decisions: recognition with certificates, and reasoned refusals."""
