namespace EnvOrchestrator.Lifecycle.Admission;

/// <summary>One quota and the setting it comes from (named in a refusal).</summary>
internal sealed record QuotaLimit(int Value, string Source);

/// <summary>
/// The environment quotas of one project: the project's own value (<c>Lifecycle:Projects:{project}:Quotas</c>) where
/// it sets one, else the organisation's (<c>Lifecycle:Quotas</c>). A project value replaces the organisation's, up or
/// down; null means unlimited.
/// </summary>
internal sealed record QuotaLimits(QuotaLimit? PerProject, QuotaLimit? PerUser)
{
    public bool Any => PerProject is not null || PerUser is not null;

    public static QuotaLimits For(string project, EnvironmentLifecycleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var own = ProjectLimits.Find(options, project)?.Quotas;
        return new QuotaLimits(
            Pick(own?.EnvironmentsPerProject, options.Quotas.EnvironmentsPerProject, project, nameof(QuotaOptions.EnvironmentsPerProject)),
            Pick(own?.EnvironmentsPerUser, options.Quotas.EnvironmentsPerUser, project, nameof(QuotaOptions.EnvironmentsPerUser)));
    }

    private static QuotaLimit? Pick(int? projectValue, int? organisationValue, string project, string key) =>
        projectValue is { } p ? new QuotaLimit(p, $"project '{project}' (Lifecycle:Projects:{project}:Quotas:{key})")
        : organisationValue is { } o ? new QuotaLimit(o, $"the organisation (Lifecycle:Quotas:{key})")
        : null;
}
