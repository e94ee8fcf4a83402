using System.Runtime.CompilerServices;

// The engine harness, crash switch and manual pump are internal (they expose engine internals); test
// projects that derive the contract suites may also use them directly.
[assembly: InternalsVisibleTo("EnvOrchestrator.Durable.Tests")]
[assembly: InternalsVisibleTo("EnvOrchestrator.Durable.AzureStorage.Tests")]
[assembly: InternalsVisibleTo("EnvOrchestrator.Benchmarks")]
