"""Trade Briefs: checked YAML trade facts rendered into a static briefing site.

Stages (one direction): load -> validate (typed models) -> check/derive -> render -> build.
"""

__version__ = "0.1.0"
