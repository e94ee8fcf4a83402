using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle.Catalog;
using EnvOrchestrator.Lifecycle.Contracts;
using EnvOrchestrator.Lifecycle.UseCases.Change;
using EnvOrchestrator.Lifecycle.UseCases.Create;
using EnvOrchestrator.Lifecycle.UseCases.Templates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using static EnvOrchestrator.Lifecycle.Tests.UseCases.Refusals;

namespace EnvOrchestrator.Lifecycle.Tests.UseCases.Templates;

/// <summary>
/// Draft and deprecated versions (issue 14 item 2): short-lived 1.0.0 (active) gets a deprecated 0.9.0 and a draft
/// 3.0.0 beside it.
/// </summary>
public sealed class TemplateLifecycleTests(ITestOutputHelper output)
{
    [Fact(Timeout = 10_000)]
    public async Task Create_DeprecatedVersion_RefusedNamingTheActiveOneAndNothingStored()
    {
        await using var services = await CreateAsync();

        var result = await CreateAsync(services, "short-lived@0.9.0", allowDraft: true);

        var problem = AssertRefused(result, ProblemCodes.RuleViolated, "template", "template.deprecated");
        Assert.Equal("Template short-lived@0.9.0 is deprecated: use short-lived@1.0.0 instead.", problem.Detail);
        Assert.Null(await services.Environments.FindAsync(EnvironmentId.Parse("team-a", "web"), CancellationToken.None));
    }

    [Fact(Timeout = 10_000)]
    public async Task Create_DraftVersion_ForbiddenUnlessTheCallerMayTryDraftsAndNeverPickedByARange()
    {
        await using var services = await CreateAsync();

        var developer = await CreateAsync(services, "short-lived@3.0.0", allowDraft: false);
        var range = await CreateAsync(services, "short-lived@^3", allowDraft: true);
        var admin = await CreateAsync(services, "short-lived@3.0.0", allowDraft: true);

        AssertRefused(developer, ProblemCodes.Forbidden, "template", "template.draft");
        AssertRefused(range, ProblemCodes.NotFound, "template", "template.unknown");
        Assert.True(admin.Succeeded, admin.Problem?.Detail);
        Assert.Equal("3.0.0", admin.Value!.Environment.TemplateVersion);
    }

    [Fact(Timeout = 10_000)]
    public async Task Update_OntoADeprecatedVersionRefused_StayingOnOneAllowed()
    {
        await using var services = await CreateAsync();
        var onCurrent = await services.SeedAsync("team-a", "web", EnvironmentStatus.Ready);
        var old = await services.SeedAsync("team-a", "old", EnvironmentStatus.Ready);
        Assert.True((await services.Environments.SaveAsync(old with { TemplateVersion = new SemVersion(0, 9, 0) }, old.Version!, CancellationToken.None)).Succeeded);

        var onto = await services.Get<UpdateEnvironmentHandler>().HandleAsync(
            new UpdateEnvironmentCommand("team-a", onCurrent.Id.Name.Value, null, "0.9.0", null, "alice"), CancellationToken.None);
        var staying = await services.Get<UpdateEnvironmentHandler>().HandleAsync(
            new UpdateEnvironmentCommand("team-a", "old", TestInputs.Of(("delay_seconds", 1)), null, null, "alice"), CancellationToken.None);

        AssertRefused(onto, ProblemCodes.RuleViolated, "templateVersion", "template.deprecated");
        Assert.True(staying.Succeeded, staying.Problem?.Detail);
        Assert.Equal("0.9.0", staying.Value!.Environment.TemplateVersion);
    }

    [Fact(Timeout = 10_000)]
    public async Task ListAndUsage_DraftsForAdminsOnly_UsageNamesTheEnvironmentsOnAVersion()
    {
        await using var services = await CreateAsync();
        var old = await services.SeedAsync("team-a", "old", EnvironmentStatus.Ready);
        Assert.True((await services.Environments.SaveAsync(old with { TemplateVersion = new SemVersion(0, 9, 0) }, old.Version!, CancellationToken.None)).Succeeded);
        await services.SeedAsync("team-b", "current", EnvironmentStatus.Ready);
        await services.SeedAsync("team-b", "gone", EnvironmentStatus.Destroyed);
        var queries = services.Get<TemplateQueries>();

        var listed = queries.List("team-a", includeDrafts: false).Where(t => t.Name == "short-lived").ToList();
        var forAdmins = queries.List("team-a", includeDrafts: true).Where(t => t.Name == "short-lived").ToList();
        var onOld = await queries.UsageAsync("short-lived", "0.9.0", 100, null, CancellationToken.None);
        var all = await queries.UsageAsync("short-lived", null, 100, null, CancellationToken.None);

        Assert.Equal([("1.0.0", "active")], listed.Select(t => (t.Version, t.Status)));
        Assert.Equal([("1.0.0", "active"), ("3.0.0", "draft")], forAdmins.Select(t => (t.Version, t.Status)));
        Assert.Equal([("team-a", "old", "0.9.0")], onOld.Value!.Items.Select(u => (u.Project, u.Name, u.TemplateVersion)));
        Assert.Equal(["team-a/old", "team-b/current"], all.Value!.Items.Select(u => $"{u.Project}/{u.Name}"));
        Assert.Equal("deprecated", queries.Get("short-lived", "0.9.0").Value!.Status);
    }

    private Task<UseCaseServices> CreateAsync() => UseCaseServices.CreateAsync(output, s => s.AddSingleton<ITemplateCatalogSource>(sp =>
    {
        var options = sp.GetRequiredService<IOptions<EnvironmentLifecycleOptions>>().Value;
        var current = options.Catalog.FindEnvironmentTemplate("short-lived", new SemVersion(1, 0, 0))!;
        var catalog = options.Catalog with
        {
            EnvironmentTemplates = options.Catalog.EnvironmentTemplates.AddRange(
                current with { Version = new SemVersion(0, 9, 0), Status = TemplateStatus.Deprecated },
                current with { Version = new SemVersion(3, 0, 0), Status = TemplateStatus.Draft }),
        };
        return new DirectoryTemplateCatalogSource(catalog, options.CatalogRoot);
    }));

    private static Task<LifecycleResult<OperationAccepted>> CreateAsync(UseCaseServices services, string template, bool allowDraft) =>
        services.Get<CreateEnvironmentHandler>().HandleAsync(
            new CreateEnvironmentCommand("team-a", "web", template, TestInputs.Of(), null, "alice") { AllowDraft = allowDraft }, CancellationToken.None);
}
