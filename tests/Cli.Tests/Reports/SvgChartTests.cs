using System.Xml.Linq;
using Cli.Reports;

namespace Cli.Tests.Reports;

/// <summary>The chart's markup: well-formed, one element per point with its data attribute, escaping, log axes.</summary>
public sealed class SvgChartTests
{
    [Fact]
    public void Every_point_is_one_circle_with_its_x_in_the_named_attribute_and_the_markup_is_well_formed()
    {
        var chart = new SvgChart("chart-test", "Title", "iteration", "loss") { PointAttribute = "data-iteration" };
        chart.Add("ALS", [(1, 0.5), (2, 0.25), (3, 0.2)]).Add("other", [(1, 0.4), (3, 0.1)]);
        XElement figure = XElement.Parse(chart.Render());
        Assert.Equal("chart-test", (string?)figure.Attribute("id"));
        XElement[] points = [.. figure.Descendants().Where(element => element.Name.LocalName == "circle")];
        Assert.Equal(5, points.Length);
        Assert.Equal(["1", "2", "3", "1", "3"], points.Select(point => (string?)point.Attribute("data-iteration")));
        Assert.Equal(["0.5", "0.25", "0.2", "0.4", "0.1"], points.Select(point => (string?)point.Attribute("data-value")));
        double[] ys = [.. points.Take(3).Select(point => double.Parse((string)point.Attribute("cy")!, System.Globalization.CultureInfo.InvariantCulture))];
        Assert.True(ys[0] < ys[1] && ys[1] < ys[2], "a larger value is drawn higher (smaller y)");
    }

    [Fact]
    public void Text_from_data_is_escaped()
    {
        const string name = "<script>alert(\"x\")</script> & 'Co'";
        string svg = new SvgChart("c\"1", name, name, name).Add(name, [(1, 1), (2, 2)]).Render();
        Assert.DoesNotContain("<script>", svg, StringComparison.Ordinal);
        XElement figure = XElement.Parse(svg);                                   // parses: no quote broke out of an attribute
        Assert.Equal("c\"1", (string?)figure.Attribute("id"));
        Assert.Contains(name, figure.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_axes_leave_out_points_that_cannot_be_drawn_and_tick_at_powers_of_ten()
    {
        var chart = new SvgChart("log", "t", "x", "y") { LogX = true, LogY = true };
        chart.Add("s", [(0, 1), (1, 0.5), (10, 0), (100, 0.01), (double.NaN, 1)]);
        XElement figure = XElement.Parse(chart.Render());
        Assert.Equal(["1", "100"], figure.Descendants().Where(element => element.Name.LocalName == "circle").Select(point => (string?)point.Attribute("data-x")));
        string[] ticks = [.. figure.Descendants().Where(element => (string?)element.Attribute("class") == "tick").Select(element => element.Value)];
        Assert.Contains("1", ticks);
        Assert.Contains("100", ticks);
        Assert.Contains("0.01", ticks);
    }

    [Fact]
    public void A_chart_without_drawable_points_says_so_and_a_constant_series_is_still_drawn()
    {
        Assert.Contains("no data", new SvgChart("e", "t", "x", "y").Add("s", []).Render(), StringComparison.Ordinal);
        XElement flat = XElement.Parse(new SvgChart("f", "t", "x", "y").Add("s", [(1, 3), (2, 3)]).Render());
        Assert.All(flat.Descendants().Where(element => element.Name.LocalName == "circle"),
            point => Assert.True(double.IsFinite(double.Parse((string)point.Attribute("cy")!, System.Globalization.CultureInfo.InvariantCulture))));
    }
}
