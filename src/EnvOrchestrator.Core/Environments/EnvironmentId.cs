namespace EnvOrchestrator.Core.Environments;

/// <summary>An environment's identity: its project and its name within the project.</summary>
public sealed record EnvironmentId(ProjectName Project, EnvironmentName Name)
{
    public static EnvironmentId Parse(string project, string name) =>
        new(ProjectName.Parse(project), EnvironmentName.Parse(name));

    public override string ToString() => $"{Project.Value}/{Name.Value}";
}
