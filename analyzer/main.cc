// Placeholder replaced by the CLI below in this same change.
int main() { return 0; }
