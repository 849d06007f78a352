"""Programme tracking after approval: engagements, monthly actuals, the gate on evidence and rule 4."""
