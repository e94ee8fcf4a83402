using System.Text.Json;
using EnvOrchestrator.Core.Environments;

namespace EnvOrchestrator.Lifecycle.Contracts;

public sealed record EnvironmentQuery(string Project, string Name);

/// <summary>A page of a project's environments in name order, optionally filtered by status and template name.</summary>
public sealed record ListEnvironmentsQuery(string Project)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public int PageSize { get; init; } = DefaultPageSize;

    public string? ContinuationToken { get; init; }

    public IReadOnlyList<EnvironmentStatus> Statuses { get; init; } = [];

    public string? Template { get; init; }
}

/// <summary>What-if for an environment, with the inputs and template version an update would use (current ones when null).</summary>
public sealed record PlanEnvironmentQuery(
    string Project,
    string Name,
    IReadOnlyDictionary<string, JsonElement>? Inputs,
    string? TemplateVersion);

public sealed record ListRunsQuery(string Project, string Name)
{
    public int PageSize { get; init; } = ListEnvironmentsQuery.DefaultPageSize;

    public string? ContinuationToken { get; init; }
}

public sealed record RunQuery(string Project, string Name, string RunId);

/// <summary>Log lines of a run's steps from <see cref="Offsets"/> (by step name; 0 for steps not listed).</summary>
public sealed record RunLogsQuery(string Project, string Name, string RunId)
{
    public IReadOnlyDictionary<string, long> Offsets { get; init; } = new Dictionary<string, long>();
}
