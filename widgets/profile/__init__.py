"""The participant's profile: who the plan belongs to and what they aim for."""
