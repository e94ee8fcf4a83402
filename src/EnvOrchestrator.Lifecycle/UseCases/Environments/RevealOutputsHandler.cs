using System.Collections.Immutable;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.Values;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Values;
using Microsoft.Extensions.Logging;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Environments;

/// <summary>
/// The one place sensitive outputs leave the service in clear: asked for explicitly, by a caller the host allowed,
/// and logged with who asked (never with the values). Every other view masks them.
/// </summary>
internal sealed class RevealOutputsHandler(IEnvironmentStore environments, ILogger<RevealOutputsHandler> logger)
{
    public async Task<LifecycleResult<RevealedOutputs>> HandleAsync(EnvironmentCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (id, problem) = ParseId(command.Project, command.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<RevealedOutputs>(problem!);
        }

        var environment = await environments.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (environment is null)
        {
            return NotFound<RevealedOutputs>(id);
        }

        logger.OutputsRevealed(id.Project.Value, id.Name.Value, command.RequestedBy);
        return LifecycleResult.Success(new RevealedOutputs(
            id.Project.Value,
            id.Name.Value,
            Reveal(environment.Outputs),
            environment.Resources.ToDictionary(r => r.Name, r => (IReadOnlyDictionary<string, ValueView>)Reveal(r.Outputs), StringComparer.Ordinal)));
    }

    private static Dictionary<string, ValueView> Reveal(ImmutableSortedDictionary<string, Value> values) =>
        values.ToDictionary(
            v => v.Key,
            v => v.Value.ContainsUnknown
                ? new ValueView(null, JsonValues.ContainsSensitive(v.Value), Known: false)
                : new ValueView(JsonValues.ToJson(v.Value), JsonValues.ContainsSensitive(v.Value)),
            StringComparer.Ordinal);
}
