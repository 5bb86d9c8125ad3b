"""The data's history from git: each commit's data checked, what changed between two, and the reports of it."""
