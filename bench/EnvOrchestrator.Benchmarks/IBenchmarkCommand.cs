namespace EnvOrchestrator.Benchmarks;

/// <summary>
/// One benchmark suite, run as <c>dotnet run -c Release --project bench/EnvOrchestrator.Benchmarks -- NAME</c>.
/// A suite prints machine-readable lines <c>metric.name value</c> to standard output, its headline metric last.
/// Suites are found by reflection, so adding one is adding a file.
/// </summary>
internal interface IBenchmarkCommand
{
    string Name { get; }

    string Description { get; }

    Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken);
}
