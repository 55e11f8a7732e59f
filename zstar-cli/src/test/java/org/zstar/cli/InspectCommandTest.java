package org.zstar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.zstar.testutil.SharedData;

class InspectCommandTest {

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String fixture(String name) {
        return org.zstar.testutil.TestFixtures.fixture("io/" + name).toString();
    }

    @Test
    void textSummaryOfAnOutcar() {
        Result r = run("inspect", fixture("OUTCAR"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("frames:      1").contains("species:     Na 1, Cl 1")
                .contains("quantities:  forces, bec, energy, dielectric").contains("ASR max:     0.000e+00 e")
                .contains("trace(Z)/3:  Cl -1.1067, Na +1.1067");
    }

    @Test
    void jsonSummaryHasTheDocumentedKeys() throws Exception {
        Result r = run("inspect", "--json", fixture("small.extxyz"), fixture("qe-run"));
        assertThat(r.code()).isZero();
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode f = root.get("files").get(0);
        assertThat(f.get("frames").asInt()).isEqualTo(2);
        assertThat(f.get("atoms_min").asInt()).isEqualTo(2);
        assertThat(f.get("atoms_max").asInt()).isEqualTo(3);
        assertThat(f.get("species").get("Na").asInt()).isEqualTo(1);
        assertThat(f.get("has_bec").asBoolean()).isTrue();
        // sum of the born_charge column: xx = 1.1 - 1.0 - 0.1 = 0, xy = 0.2 - 0.1 - 0.1 = 0, ..., zz = 0
        assertThat(f.get("asr_max").asDouble()).isLessThan(1e-12);
        assertThat(f.get("mean_charge").get("Na").asDouble()).isEqualTo((1.1 + 1.2 + 1.3) / 3);
        JsonNode qe = root.get("files").get(1);
        assertThat(qe.get("format").asText()).isEqualTo("qe-dir");
        assertThat(qe.get("asr_max").asDouble()).isEqualTo(0.02, org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void waterClustersNameTheDisplacementConvention() throws Exception {
        Path p = SharedData.require("water-clusters-spice/water_clusters_bec.xyz");
        Result r = run("inspect", "--json", p.toString());
        assertThat(r.code()).isZero();
        JsonNode f = new ObjectMapper().readTree(r.out()).get("files").get(0);
        assertThat(f.get("rotational_convention").asText()).isEqualTo("displacement");
        assertThat(f.get("rotational_residual_displacement_rows").asDouble())
                .isLessThan(f.get("rotational_residual_field_rows").asDouble());
        // with --bec-rows displacement the numbers still refer to the file's rows, so they are unchanged
        Result t = run("inspect", "--json", "--bec-rows", "displacement", p.toString());
        JsonNode g = new ObjectMapper().readTree(t.out()).get("files").get(0);
        assertThat(g.get("rotational_residual_field_rows").asDouble())
                .isEqualTo(f.get("rotational_residual_field_rows").asDouble());
        assertThat(g.get("rotational_convention").asText()).isEqualTo("displacement");
    }

    @Test
    void badBecRowsIsAUsageError() {
        Result r = run("inspect", "--bec-rows", "sideways", fixture("OUTCAR"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("'field' or 'displacement'");
    }
}
