"""The supervisor's audit screen: who did what at this counter."""
