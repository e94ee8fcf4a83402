using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Hosting.Composition;
using EnvOrchestrator.Hosting.Tests.EndToEnd;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Xunit.Abstractions;

namespace EnvOrchestrator.Hosting.Tests.Composition;

/// <summary>The service's security modes as an operator meets them: production refuses to start without authentication, development says so everywhere.</summary>
public sealed partial class SecurityStartupTests(AzuriteFixture azurite, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    [Fact(Timeout = 120_000)]
    public async Task Start_ProductionWithoutAuthentication_ExitsNonZeroWithReasonAndNoStackTrace()
    {
        var settings = ServiceSettings.Create(azurite.ConnectionString);
        settings.Values["Security:Mode"] = "Production";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = settings.WorkRoot, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServiceProcess.ServiceAssembly());
        foreach (var (key, value) in settings.Values)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await stdout + await stderr;
        output.WriteLine(text);

        Assert.Equal(1, process.ExitCode);
        Assert.Contains("EnvOrchestrator did not start: No way to authenticate callers", text, StringComparison.Ordinal);
        Assert.Contains("Security:Mode=Development", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Start_DevelopmentFirstStart_PrintsAdminKeyOnceAndMarksEveryResponse()
    {
        var logs = new CapturingOutput(output);
        var settings = ServiceSettings.Create(azurite.ConnectionString);
        string key;
        await using (var first = await InProcessService.StartAsync(settings, logs))
        {
            using var http = new HttpClient { BaseAddress = settings.BaseAddress };
            using var templates = await http.GetAsync("/api/templates");
            using var portal = await http.GetAsync("/");
            key = KeyLine().Match(logs.Text).Groups[1].Value;

            Assert.Equal(200, (int)templates.StatusCode);
            Assert.Equal(SecurityModeHeader.DevelopmentValue, templates.Headers.GetValues(SecurityModeHeader.Name).Single());
            Assert.Equal(SecurityModeHeader.DevelopmentValue, portal.Headers.GetValues(SecurityModeHeader.Name).Single());
            Assert.Contains("DEVELOPMENT MODE", logs.Text, StringComparison.Ordinal);
            Assert.StartsWith(ApiKeyTokens.Prefix, key, StringComparison.Ordinal);

            // The printed key works; a key made with it is stored hashed: the row holds no trace of its secret.
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var created = await http.PostAsJsonAsync("/api/admin/api-keys", new { name = "ci", grants = new[] { "project:demo:developer" } });
            var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
            var secret = body.GetProperty("key").GetString()!.Split('_', 3)[2];
            var table = new TableClient(azurite.ConnectionString, settings.Name + "ApiKeys");
            var row = (await table.GetEntityAsync<TableEntity>("key", body.GetProperty("id").GetString())).Value;
            var stored = string.Join("|", row.Select(p => Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)));

            Assert.Equal(201, (int)created.StatusCode);
            Assert.Equal(SecurityStartup.DevelopmentKeyName, body.GetProperty("createdBy").GetString());
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)), stored, StringComparison.Ordinal);
            Assert.Contains(ApiKeyTokens.Hash(secret), stored, StringComparison.Ordinal);
        }

        var again = new CapturingOutput(output);
        await using (await InProcessService.StartAsync(settings.SecondInstance(), again))
        {
            Assert.Contains("DEVELOPMENT MODE", again.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("FIRST START", again.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(key, again.Text, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"FIRST START: .*: (eok_\S+)")]
    private static partial Regex KeyLine();

    private sealed class CapturingOutput(ITestOutputHelper inner) : ITestOutputHelper
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _lock = new();

        public string Text
        {
            get
            {
                lock (_lock)
                {
                    return _text.ToString();
                }
            }
        }

        public void WriteLine(string message)
        {
            lock (_lock)
            {
                _text.AppendLine(message);
            }

            inner.WriteLine(message);
        }

        public void WriteLine(string format, params object[] args) => WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
