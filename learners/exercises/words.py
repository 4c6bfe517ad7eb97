"""Words the generators of every area share: the names of the people in their stories."""

# Given names from many backgrounds, for the people in word problems (no generator leans on a name's gender).
NAMES = ("Maya", "Liam", "Aisha", "Carlos", "Priya", "Noah", "Sofia", "Kenji", "Zara", "Omar", "Lena", "Diego",
         "Grace", "Tariq", "Hana", "Mateo", "Ava", "Ben", "Carmen", "Dev", "Elena", "Farid", "Hiro", "Isla", "Jamal",
         "Kira", "Luis", "Mei", "Olivia", "Quinn", "Rosa", "Sam", "Uma", "Victor", "Wen", "Yara", "Zoe", "Emma",
         "Lucas", "Ethan", "Chloe", "Samir", "Nina", "Jonah", "Amara", "Kai", "Owen")
