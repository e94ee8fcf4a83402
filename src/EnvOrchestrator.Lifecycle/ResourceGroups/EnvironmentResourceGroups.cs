using System.Collections.Immutable;
using System.Globalization;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Core.ResourceGroups;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EnvOrchestrator.Lifecycle.ResourceGroups;

/// <summary>
/// The resource group of an environment whose template declares one: made (and re-tagged) before every deploy or
/// update applies anything, deleted once a destroy has removed every resource, and swept for groups the service tagged
/// whose environment is gone.
/// </summary>
internal sealed partial class EnvironmentResourceGroups(
    IResourceGroups groups,
    IEnvironmentStore environments,
    IOptions<EnvironmentLifecycleOptions> options,
    TimeProvider time,
    ILogger<EnvironmentResourceGroups> logger) : IResourceGroupCheck
{
    public static ResourceGroupSpec Spec(EnvironmentRecord environment, ResourceGroupSettings settings)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(settings);
        var tags = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        tags[ResourceGroupTags.Managed] = "true";
        tags[ResourceGroupTags.Project] = environment.Id.Project.Value;
        tags[ResourceGroupTags.Environment] = environment.Id.Name.Value;
        tags[ResourceGroupTags.Owner] = environment.CreatedBy;
        if (environment.ExpiresAt is { } expires)
        {
            tags[ResourceGroupTags.ExpiresAt] = expires.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        return new ResourceGroupSpec(ResourceGroupTags.NameOf(environment.Id.Project.Value, environment.Id.Name.Value), settings.Location, tags.ToImmutable());
    }

    /// <returns>The run's failure when the group cannot be made; null when made or not asked for.</returns>
    public async Task<FailureDetails?> EnsureAsync(EnvironmentRecord environment, EnvironmentTemplate template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (template.ResourceGroup is not { } settings)
        {
            return null;
        }

        var spec = Spec(environment, settings);
        try
        {
            await groups.EnsureAsync(spec, cancellationToken).ConfigureAwait(false);
            LogEnsured(logger, spec.Name, spec.Location, environment.Id.Project.Value, environment.Id.Name.Value);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new FailureDetails("Lifecycle.ResourceGroupFailed", $"The resource group {spec.Name} could not be made: {e.Message}", e.GetType().Name, IsTransient: groups.IsConfigured);
        }
    }

    /// <summary>After a destroy removed every resource. A group that cannot be deleted now is left to the sweep.</summary>
    public async Task DeleteAsync(EnvironmentRecord environment, EnvironmentTemplate? template, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);

        // A withdrawn template no longer says; a group the service made is deleted whichever template made it.
        if (!groups.IsConfigured || (template is not null && template.ResourceGroup is null))
        {
            return;
        }

        var name = ResourceGroupTags.NameOf(environment.Id.Project.Value, environment.Id.Name.Value);
        try
        {
            if (await groups.DeleteAsync(name, cancellationToken).ConfigureAwait(false))
            {
                LogDeleted(logger, name, environment.Id.Project.Value, environment.Id.Name.Value);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeleteFailed(logger, e, name);
        }
    }

    /// <summary>
    /// Every group tagged by the service whose environment is gone (no record, or Destroyed): reported, and deleted when
    /// <see cref="EnvironmentLifecycleOptions.DeleteOrphanedResourceGroups"/> is on. Expired environments are listed too
    /// (their destroy is the expiry sweep's), so an empty report says the subscription was verified clean.
    /// </summary>
    public Task<ResourceGroupSweepResult> SweepAsync(CancellationToken cancellationToken) =>
        SweepAsync(options.Value.DeleteOrphanedResourceGroups, cancellationToken);

    public Task<ResourceGroupSweepResult> CheckAsync(CancellationToken cancellationToken) => SweepAsync(deleteOrphans: false, cancellationToken);

    private async Task<ResourceGroupSweepResult> SweepAsync(bool deleteOrphans, CancellationToken cancellationToken)
    {
        if (!groups.IsConfigured)
        {
            return new ResourceGroupSweepResult(false, 0, [], [], []);
        }

        var now = time.GetUtcNow();
        IReadOnlyList<ResourceGroupSpec> managed;
        try
        {
            managed = await groups.ListManagedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Resource Manager unreachable or refusing: this pass checked nothing; the next one tries again.
            LogListFailed(logger, e);
            return new ResourceGroupSweepResult(false, 0, [], [], []) { Error = $"Resource groups could not be listed: {e.Message}" };
        }

        var orphans = ImmutableArray.CreateBuilder<string>();
        var expired = ImmutableArray.CreateBuilder<string>();
        var deleted = ImmutableArray.CreateBuilder<string>();
        foreach (var group in managed)
        {
            var environment = EnvironmentOf(group) is { } id ? await environments.FindAsync(id, cancellationToken).ConfigureAwait(false) : null;
            if (environment is null || environment.Status == EnvironmentStatus.Destroyed)
            {
                orphans.Add(group.Name);
                if (deleteOrphans && await TryDeleteOrphanAsync(group.Name, cancellationToken).ConfigureAwait(false))
                {
                    deleted.Add(group.Name);
                }
            }
            else if (environment.ExpiresAt <= now && environment.Status != EnvironmentStatus.Destroying)
            {
                expired.Add(group.Name);
            }
        }

        var result = new ResourceGroupSweepResult(true, managed.Count, orphans.ToImmutable(), expired.ToImmutable(), deleted.ToImmutable());
        if (result.VerifiedClean)
        {
            LogClean(logger, managed.Count);
        }
        else
        {
            LogNotClean(logger, managed.Count, string.Join(", ", result.Orphans), string.Join(", ", result.Expired), string.Join(", ", result.Deleted));
        }

        return result;
    }

    /// <summary>One orphan that cannot be deleted now (a lock, a denied role) is reported, not deleted; the others still are.</summary>
    private async Task<bool> TryDeleteOrphanAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await groups.DeleteAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogOrphanDeleteFailed(logger, e, name);
            return false;
        }
    }

    private static EnvironmentId? EnvironmentOf(ResourceGroupSpec group) =>
        group.Tags.TryGetValue(ResourceGroupTags.Project, out var project) && group.Tags.TryGetValue(ResourceGroupTags.Environment, out var name)
            && ProjectName.TryParse(project, out var projectName) && EnvironmentName.TryParse(name, out var environmentName)
            ? new EnvironmentId(projectName, environmentName)
            : null;

    [LoggerMessage(7060, LogLevel.Information, "Resource group {Group} ready in {Location} for {Project}/{Name}")]
    private static partial void LogEnsured(ILogger logger, string group, string location, string project, string name);

    [LoggerMessage(7061, LogLevel.Information, "Resource group {Group} of {Project}/{Name} deleted after its destroy")]
    private static partial void LogDeleted(ILogger logger, string group, string project, string name);

    [LoggerMessage(7062, LogLevel.Warning, "Resource group {Group} could not be deleted after its destroy; the resource group sweep will find it")]
    private static partial void LogDeleteFailed(ILogger logger, Exception error, string group);

    [LoggerMessage(7063, LogLevel.Information, "Resource groups verified clean: {Count} tagged by the service, each with a live environment")]
    private static partial void LogClean(ILogger logger, int count);

    [LoggerMessage(7064, LogLevel.Warning, "Resource groups not clean ({Count} tagged by the service): orphaned [{Orphans}], expired [{Expired}], deleted [{Deleted}]")]
    private static partial void LogNotClean(ILogger logger, int count, string orphans, string expired, string deleted);

    [LoggerMessage(7065, LogLevel.Warning, "Resource groups could not be listed; the check is skipped until the next pass")]
    private static partial void LogListFailed(ILogger logger, Exception error);

    [LoggerMessage(7066, LogLevel.Warning, "Orphaned resource group {Group} could not be deleted; it stays reported")]
    private static partial void LogOrphanDeleteFailed(ILogger logger, Exception error, string group);
}

/// <summary>What one resource group sweep found.</summary>
/// <param name="Checked">False when no subscription is configured or Resource Manager could not be asked (<see cref="Error"/>).</param>
public sealed record ResourceGroupSweepResult(bool Checked, int Managed, ImmutableArray<string> Orphans, ImmutableArray<string> Expired, ImmutableArray<string> Deleted)
{
    /// <summary>Why nothing could be checked although a subscription is configured; null otherwise.</summary>
    public string? Error { get; init; }

    /// <summary>Every group the service tagged belongs to a live environment that has not expired.</summary>
    public bool VerifiedClean => Checked && Orphans.IsEmpty && Expired.IsEmpty;
}
