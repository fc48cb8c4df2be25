// sparkpm-collect: snapshots one Spark application on Kubernetes into an incident bundle.
int main() { return 1; }
