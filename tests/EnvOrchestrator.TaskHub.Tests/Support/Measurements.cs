namespace EnvOrchestrator.TaskHub.Tests.Support;

/// <summary>Tests that measure timings: they run alone, after the others, so other tests' load does not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class Measurements
{
    public const string Name = "Measurements";
}
