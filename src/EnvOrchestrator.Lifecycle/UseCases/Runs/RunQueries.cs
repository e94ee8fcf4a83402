using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Runs;

/// <summary>An environment's runs, one run, and its step logs from given offsets.</summary>
internal sealed class RunQueries(IEnvironmentStore environments, IRunStore runs, IStepLogStore logs)
{
    public async Task<LifecycleResult<RunPage>> ListAsync(ListRunsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (id, problem) = ParseId(query.Project, query.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<RunPage>(problem!);
        }

        if (query.PageSize is < 1 or > ListEnvironmentsQuery.MaxPageSize)
        {
            return Problem<RunPage>(ProblemCodes.InvalidRequest, $"The page size must be 1–{ListEnvironmentsQuery.MaxPageSize}.", "pageSize", "paging.page-size");
        }

        var scope = ContinuationTokens.RunsScope(id);
        var (token, badToken) = ContinuationTokens.Decode(scope, query.ContinuationToken);
        if (badToken is not null)
        {
            return LifecycleResult.Failure<RunPage>(badToken);
        }

        if (await environments.FindAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return NotFound<RunPage>(id);
        }

        var page = await runs.ListAsync(id, query.PageSize, token, cancellationToken).ConfigureAwait(false);
        return LifecycleResult.Success(new RunPage([.. page.Items.Select(ViewMapper.ToView)], ContinuationTokens.Encode(scope, page.ContinuationToken)));
    }

    public async Task<LifecycleResult<RunView>> GetAsync(RunQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (run, problem) = await FindAsync(query.Project, query.Name, query.RunId, cancellationToken).ConfigureAwait(false);
        return run is null ? LifecycleResult.Failure<RunView>(problem!) : LifecycleResult.Success(ViewMapper.ToView(run));
    }

    public async Task<LifecycleResult<RunLogs>> ReadLogsAsync(RunLogsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (run, problem) = await FindAsync(query.Project, query.Name, query.RunId, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return LifecycleResult.Failure<RunLogs>(problem!);
        }

        var steps = new List<StepLogLines>();
        for (var i = 0; i < run.Steps.Length; i++)
        {
            var name = run.Steps[i].LogName;
            var offset = query.Offsets.TryGetValue(name, out var o) ? Math.Max(0, o) : 0;
            var chunk = await logs.ReadAsync(run.LogOf(i), offset, cancellationToken).ConfigureAwait(false);
            steps.Add(new StepLogLines(name, chunk.Lines, chunk.NextOffset));
        }

        return LifecycleResult.Success(new RunLogs(steps, run.IsFinished));
    }

    private async Task<(RunRecord? Run, LifecycleProblem? Problem)> FindAsync(string project, string name, string runText, CancellationToken cancellationToken)
    {
        var (id, problem) = ParseId(project, name);
        if (id is null)
        {
            return (null, problem);
        }

        if (!RunId.TryParse(runText, out var runId))
        {
            return (null, new LifecycleProblem(ProblemCodes.InvalidRequest, $"'{runText}' is not a run id.", "run", "run.invalid-id"));
        }

        var run = await runs.FindAsync(id, runId, cancellationToken).ConfigureAwait(false);
        return run is null ? (null, new LifecycleProblem(ProblemCodes.NotFound, $"Environment {id} has no run {runId}.", "run", "run.not-found")) : (run, null);
    }
}
