using YamlDotNet.RepresentationModel;

namespace Deploy.Tests;

/// <summary>One rendered Kubernetes object, with small helpers to walk its YAML.</summary>
public sealed class Manifest(YamlMappingNode root)
{
    /// <summary>The whole object.</summary>
    public YamlMappingNode Root { get; } = root;

    /// <summary>kind.</summary>
    public string Kind => Text(Root, "kind")!;

    /// <summary>metadata.name.</summary>
    public string Name => Text(Map(Root, "metadata")!, "name")!;

    /// <summary>metadata.labels (empty when none).</summary>
    public IReadOnlyDictionary<string, string> Labels => Pairs(Map(Map(Root, "metadata"), "labels"));

    /// <summary>The pod template's spec of a workload (Deployment, StatefulSet, Job), else null.</summary>
    public YamlMappingNode? PodSpec => Map(Map(Map(Root, "spec"), "template"), "spec");

    /// <summary>The pod template's labels of a workload.</summary>
    public IReadOnlyDictionary<string, string> PodLabels => Pairs(Map(Map(Map(Map(Root, "spec"), "template"), "metadata"), "labels"));

    /// <summary>The containers of a workload (none for other kinds).</summary>
    public IReadOnlyList<YamlMappingNode> Containers => Seq(PodSpec, "containers").Cast<YamlMappingNode>().ToList();

    public override string ToString() => $"{Kind}/{Name}";

    /// <summary>A child mapping, or null.</summary>
    public static YamlMappingNode? Map(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? child) ? child as YamlMappingNode : null;

    /// <summary>A child sequence, or empty.</summary>
    public static IReadOnlyList<YamlNode> Seq(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? child) && child is YamlSequenceNode sequence
            ? sequence.Children.ToList() : [];

    /// <summary>A child scalar's text, or null.</summary>
    public static string? Text(YamlMappingNode? node, string key) =>
        node is not null && node.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? child) ? (child as YamlScalarNode)?.Value : null;

    /// <summary>A mapping of scalars as a dictionary (empty for null).</summary>
    public static IReadOnlyDictionary<string, string> Pairs(YamlMappingNode? node) =>
        node?.Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => (p.Value as YamlScalarNode)?.Value ?? "") ?? [];

    /// <summary>Follows a path of mapping keys; null when any step is missing.</summary>
    public static YamlNode? At(YamlMappingNode? node, params string[] path)
    {
        YamlNode? current = node;
        foreach (string key in path)
        {
            if (current is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out YamlNode? next)) return null;
            current = next;
        }
        return current;
    }
}
