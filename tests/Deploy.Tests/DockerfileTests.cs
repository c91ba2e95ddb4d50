using System.Text.RegularExpressions;

namespace Deploy.Tests;

/// <summary>The container image recipe, read statically (there is no Docker engine here to build it).</summary>
public sealed class DockerfileTests
{
    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "docker", "Dockerfile"));

    private static IEnumerable<string> Instructions => Dockerfile.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'));

    [Fact]
    public void Builds_with_the_sdk_and_ships_only_the_runtime_stage_as_a_non_root_user_with_als_as_entrypoint()
    {
        string[] stages = [.. Instructions.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal))];
        Assert.Equal(2, stages.Length);
        Assert.Contains("dotnet/sdk", stages[0]);
        Assert.Contains("dotnet/aspnet", stages[1]);           // the runtime with ASP.NET Core: see the next test
        string[] final = [.. Instructions.SkipWhile(l => l != stages[1])];
        Assert.Contains(final, l => l.StartsWith("COPY --from=build", StringComparison.Ordinal));
        Match user = Regex.Match(string.Join('\n', final), @"^USER (\d+)(:\d+)?$", RegexOptions.Multiline);
        Assert.True(user.Success, "the runtime stage must switch to a numeric user (runAsNonRoot can only verify numbers)");
        Assert.NotEqual("0", user.Groups[1].Value);
        Assert.Contains(final, l => l.StartsWith("ENTRYPOINT", StringComparison.Ordinal) && l.Contains("als.dll", StringComparison.Ordinal));
        // Every project the CLI needs is restored in the build stage.
        foreach (string project in new[] { "Linalg", "Data", "Messages", "Worker", "Coordinator", "Cli" })
            Assert.Contains($"src/{project}/{project}.csproj", Dockerfile);
    }

    [Fact]
    public void The_runtime_image_holds_every_shared_framework_als_needs()
    {
        // The image names which shared frameworks it carries; als.runtimeconfig.json (built beside the tests) which it needs.
        string[] carried = Dockerfile.Contains("dotnet/aspnet", StringComparison.Ordinal) ? ["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"]
            : Dockerfile.Contains("dotnet/runtime", StringComparison.Ordinal) ? ["Microsoft.NETCore.App"] : [];
        using var config = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "als.runtimeconfig.json")));
        string[] needed = [.. config.RootElement.GetProperty("runtimeOptions").GetProperty("frameworks").EnumerateArray()
            .Select(framework => framework.GetProperty("name").GetString()!)];
        Assert.Contains("Microsoft.AspNetCore.App", needed);                   // `als serve`
        Assert.All(needed, framework => Assert.Contains(framework, carried));
    }

    [Fact]
    public void The_manifests_run_the_images_user_and_probe_the_port_it_exposes()
    {
        string uid = Regex.Match(Dockerfile, @"^USER (\d+)", RegexOptions.Multiline).Groups[1].Value;
        string expose = Regex.Match(Dockerfile, @"^EXPOSE (\d+)", RegexOptions.Multiline).Groups[1].Value;
        foreach (string file in new[] { "workers.yaml", "coordinator-job.yaml", "prepare-job.yaml" })
        {
            string text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "deploy", "k8s", "base", file));
            Assert.Contains($"runAsUser: {uid}", text);
            if (file != "prepare-job.yaml") Assert.Contains($"containerPort: {expose}", text);
        }
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_tests_and_credentials()
    {
        string[] ignored = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore")).Select(l => l.Trim()).ToArray();
        foreach (string entry in new[] { "**/bin/", "**/obj/", ".git/", "tests/" })
            Assert.Contains(entry, ignored);
        // Whatever the Dockerfile copies must not be ignored.
        foreach (Match copy in Regex.Matches(Dockerfile, @"^COPY (?!--from)([^\n]+) \S+$", RegexOptions.Multiline))
            foreach (string source in copy.Groups[1].Value.Split(' '))
            {
                Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, source)) || Directory.Exists(Path.Combine(RepositoryPaths.Root, source)), $"COPY {source}: not in the repository");
                Assert.DoesNotContain(ignored, i => source.StartsWith(i.TrimEnd('/'), StringComparison.Ordinal));
            }
    }
}
