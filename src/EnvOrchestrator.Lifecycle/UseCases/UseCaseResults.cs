using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.Runs;

namespace EnvOrchestrator.Lifecycle.UseCases;

/// <summary>The answers every use case gives the same way: names parsed, not found, a problem, a run accepted.</summary>
internal static class UseCaseResults
{
    public static (EnvironmentId? Id, LifecycleProblem? Problem) ParseId(string project, string name)
    {
        if (!ProjectName.TryParse(project, out var projectName))
        {
            return (null, new LifecycleProblem(ProblemCodes.InvalidRequest, ProjectName.Validate(project)!, "project", "name.invalid"));
        }

        return EnvironmentName.TryParse(name, out var environmentName)
            ? (new EnvironmentId(projectName, environmentName), null)
            : (null, new LifecycleProblem(ProblemCodes.InvalidRequest, EnvironmentName.Validate(name)!, "name", "name.invalid"));
    }

    public static LifecycleProblem NotFoundProblem(EnvironmentId id) =>
        new(ProblemCodes.NotFound, $"Project '{id.Project.Value}' has no environment named '{id.Name.Value}'.", "name", "environment.not-found");

    public static LifecycleResult<T> NotFound<T>(EnvironmentId id)
        where T : class => LifecycleResult.Failure<T>(NotFoundProblem(id));

    public static LifecycleResult<T> Problem<T>(ProblemCode code, string detail, string? field, string? rule)
        where T : class => LifecycleResult.Failure<T>(new LifecycleProblem(code, detail, field, rule));

    public static LifecycleResult<OperationAccepted> Accepted(StartedRun? started, LifecycleProblem? problem) =>
        started is null
            ? LifecycleResult.Failure<OperationAccepted>(problem!)
            : LifecycleResult.Success(new OperationAccepted(ViewMapper.ToView(started.Environment), ViewMapper.ToView(started.Run), started.InstanceId));
}
