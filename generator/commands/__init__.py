"""The commands of `bulletin`: each module reads its arguments and runs the stages in order."""
