package dev.trident.calibration.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.trident.calibration.CameraIntrinsics;
import dev.trident.calibration.CameraModel;
import dev.trident.calibration.CameraPose;
import dev.trident.calibration.Distortion;
import dev.trident.calibration.OpenCvNatives;
import dev.trident.calibration.SyntheticCamera;
import dev.trident.calibration.io.CameraModelYaml;
import dev.trident.calibration.tool.ChessboardPattern;
import dev.trident.calibration.tool.SyntheticBoards;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.CvType;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine;

class CalibrateCommandTest {
    static final CameraModel TRUTH = new CameraModel("truth", new CameraIntrinsics(640, 480, 520, 515, 322.5, 236.0),
            new Distortion.BrownConrady(-0.28, 0.09, 0.0012, -0.0008, -0.01));
    static final ChessboardPattern PATTERN = new ChessboardPattern(9, 6, 0.025);

    @TempDir
    static Path boards;

    /** Twelve rendered board photos plus one photo of an empty table. */
    @BeforeAll
    static void renderPhotos() {
        OpenCvNatives.load();
        List<Mat> views = SyntheticBoards.views(new SyntheticCamera(TRUTH), PATTERN, 12, 0.45, 30, 0.22);
        for (int i = 0; i < views.size(); i++) {
            Imgcodecs.imwrite(boards.resolve(String.format("board-%02d.png", i)).toString(), views.get(i));
            views.get(i).release();
        }
        Mat empty = new Mat(480, 640, CvType.CV_8UC1, new Scalar(90));
        Imgcodecs.imwrite(boards.resolve("table.png").toString(), empty);
        empty.release();
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new CalibrateCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void intrinsicsPrintsRmsAndMatrixAndWritesYamlAndReport(@TempDir Path out) {
        Path yaml = out.resolve("cam.yaml");
        Path report = out.resolve("report.png");
        Run r = run("intrinsics", "--images", boards.toString(), "--pattern", "9x6", "--square", "0.025",
                "--name", "front", "--out", yaml.toString(), "--report", report.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("found in 12 of 13 images").contains("no board found in: table.png")
                .contains("RMS reprojection error").contains("camera matrix").contains("wrote " + yaml);
        CameraModel model = CameraModelYaml.read(yaml);
        assertThat(model.name()).isEqualTo("front");
        assertThat(model.intrinsics().fx()).isCloseTo(520, within(0.005 * 520));
        assertThat(model.intrinsics().fy()).isCloseTo(515, within(0.005 * 515));
        Mat png = Imgcodecs.imread(report.toString());
        try {
            assertThat(png.cols()).isEqualTo(1280);
            assertThat(png.rows()).isEqualTo(960);
        } finally {
            png.release();
        }
    }

    @Test
    void badIntrinsicsInputExitsWithTwoAndOneClearLine(@TempDir Path tmp) throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        expectBadInput(run("intrinsics", "--images", empty.toString(), "--pattern", "9x6", "--square", "0.025"),
                "no images (.jpg, .jpeg, .png, .bmp, .tif, .tiff) in");
        expectBadInput(run("intrinsics", "--images", tmp.resolve("missing").toString(), "--pattern", "9x6", "--square", "0.025"),
                "is not a folder");
        expectBadInput(run("intrinsics", "--images", boards.toString(), "--pattern", "nine-by-six", "--square", "0.025"),
                "--pattern must be COLUMNSxROWS");
        Path few = Files.createDirectory(tmp.resolve("few"));
        for (String name : new String[] {"board-00.png", "board-01.png", "board-02.png"}) {
            Files.copy(boards.resolve(name), few.resolve(name));
        }
        expectBadInput(run("intrinsics", "--images", few.toString(), "--pattern", "9x6", "--square", "0.025"),
                "only 3 usable chessboard views (need at least 5)");
        expectBadInput(run("intrinsics", "--images", few.toString(), "--pattern", "7x7", "--square", "0.025"),
                "no chessboard with 7x7 inner corners found in any of the 3 images");
        // the classic mistake (squares counted instead of inner corners) gets the right pattern named
        expectBadInput(run("intrinsics", "--images", few.toString(), "--pattern", "10x7", "--square", "0.025"),
                "shows a board with 9x6 inner corners: pass --pattern 9x6");

        Path mixed = Files.createDirectory(tmp.resolve("mixed"));
        Files.copy(boards.resolve("board-00.png"), mixed.resolve("a.png"));
        Mat small = new Mat(240, 320, CvType.CV_8UC1, new Scalar(128));
        Imgcodecs.imwrite(mixed.resolve("b.png").toString(), small);
        small.release();
        expectBadInput(run("intrinsics", "--images", mixed.toString(), "--pattern", "9x6", "--square", "0.025"),
                "images differ in size: a.png is 640x480 but b.png is 320x240");
    }

    @Test
    void extrinsicsFromMeasurementsAndFromPoints(@TempDir Path tmp) throws Exception {
        Path cam = tmp.resolve("cam.yaml");
        CameraModelYaml.write(TRUTH, cam);

        Run measured = run("extrinsics", "--camera", cam.toString(), "--height", "1.35", "--pitch", "2.5", "--roll", "-0.5");
        assertThat(measured.code()).as(measured.err()).isZero();
        CameraPose p = CameraModelYaml.read(cam).pose();
        assertThat(p.height()).isEqualTo(1.35);
        assertThat(Math.toDegrees(p.pitch())).isCloseTo(2.5, within(1e-9));
        assertThat(Math.toDegrees(p.roll())).isCloseTo(-0.5, within(1e-9));

        // Floor marks as the camera on a known mount sees them.
        CameraPose mount = new CameraPose(1.2, 0, 1.1, Math.toRadians(8), 0, Math.toRadians(-1));
        CameraModel truth = TRUTH.withPose(mount);
        StringBuilder csv = new StringBuilder("u,v,x,y\n");
        double[] px = new double[3];
        for (double[] g : new double[][] {{4, -1}, {4, 1}, {6, -1.5}, {6, 1.5}, {8, 0}}) {
            truth.pinhole().project(g[0], g[1], 0, px);
            truth.distortPixel(px[0], px[1], px);
            csv.append(px[0]).append(',').append(px[1]).append(',').append(g[0]).append(',').append(g[1]).append('\n');
        }
        Path pts = tmp.resolve("pts.csv");
        Files.writeString(pts, csv);
        Path out = tmp.resolve("mounted.yaml");
        Run solved = run("extrinsics", "--camera", cam.toString(), "--points", pts.toString(), "--out", out.toString());
        assertThat(solved.code()).as(solved.err()).isZero();
        assertThat(solved.out()).contains("solvePnP from 5 points: reprojection RMS").contains("ground RMS");
        CameraPose q = CameraModelYaml.read(out).pose();
        assertThat(q.height()).isCloseTo(1.1, within(1e-3));
        assertThat(Math.toDegrees(q.pitch())).isCloseTo(8, within(0.01));
        assertThat(Math.toDegrees(q.yaw())).isCloseTo(-1, within(0.01));
    }

    @Test
    void badExtrinsicsInputExitsWithTwo(@TempDir Path tmp) throws Exception {
        Path broken = tmp.resolve("broken.yaml");
        Files.writeString(broken, "image_width: 640\ncamera_matrix: [1, 2\n");
        expectBadInput(run("extrinsics", "--camera", broken.toString(), "--height", "1.3", "--pitch", "2"),
                "broken.yaml is not valid YAML");
        Path cam = tmp.resolve("cam.yaml");
        CameraModelYaml.write(TRUTH, cam);
        expectBadInput(run("extrinsics", "--camera", cam.toString(), "--height", "1.3"), "give --height METRES and --pitch DEG");
        expectBadInput(run("extrinsics", "--camera", cam.toString(), "--height", "-1", "--pitch", "2"),
                "height above the ground must be positive");
        expectBadInput(run("extrinsics", "--camera", tmp.resolve("none.yaml").toString(), "--height", "1", "--pitch", "2"),
                "does not exist");
    }

    @Test
    void calibrateAloneAsksForASubcommand() {
        Run r = run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("intrinsics or extrinsics");
    }

    private static void expectBadInput(Run r, String fragment) {
        assertThat(r.code()).as("exit code, stderr: %s", r.err()).isEqualTo(2);
        assertThat(r.err()).contains(fragment);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
    }
}
