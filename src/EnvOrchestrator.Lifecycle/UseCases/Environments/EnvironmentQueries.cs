using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using static EnvOrchestrator.Lifecycle.UseCases.UseCaseResults;

namespace EnvOrchestrator.Lifecycle.UseCases.Environments;

/// <summary>One environment with its latest policy results, and a project's environments page by page.</summary>
internal sealed class EnvironmentQueries(IEnvironmentStore environments, LatestRunPolicyResults policyResults)
{
    public async Task<LifecycleResult<EnvironmentView>> GetAsync(EnvironmentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (id, problem) = ParseId(query.Project, query.Name);
        if (id is null)
        {
            return LifecycleResult.Failure<EnvironmentView>(problem!);
        }

        var environment = await environments.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (environment is null)
        {
            return NotFound<EnvironmentView>(id);
        }

        var results = await policyResults.ReadAsync(id, [], cancellationToken).ConfigureAwait(false);
        return LifecycleResult.Success(ViewMapper.ToView(environment) with { PolicyResults = results });
    }

    public async Task<LifecycleResult<EnvironmentPage>> ListAsync(ListEnvironmentsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (!ProjectName.TryParse(query.Project, out var project))
        {
            return Problem<EnvironmentPage>(ProblemCodes.InvalidRequest, ProjectName.Validate(query.Project)!, "project", "name.invalid");
        }

        if (query.PageSize is < 1 or > ListEnvironmentsQuery.MaxPageSize)
        {
            return Problem<EnvironmentPage>(ProblemCodes.InvalidRequest, $"The page size must be 1–{ListEnvironmentsQuery.MaxPageSize}.", "pageSize", "paging.page-size");
        }

        var scope = ContinuationTokens.EnvironmentsScope(project);
        var (token, badToken) = ContinuationTokens.Decode(scope, query.ContinuationToken);
        if (badToken is not null)
        {
            return LifecycleResult.Failure<EnvironmentPage>(badToken);
        }

        var filter = new EnvironmentFilter { Statuses = [.. query.Statuses], TemplateName = query.Template };
        var page = await environments.ListAsync(project, filter, query.PageSize, token, cancellationToken).ConfigureAwait(false);
        return LifecycleResult.Success(new EnvironmentPage([.. page.Items.Select(ViewMapper.ToView)], ContinuationTokens.Encode(scope, page.ContinuationToken)));
    }
}
