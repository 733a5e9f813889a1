// Prototype (not an RTL template): log-depth compaction of one group of M elements of WIDTH bits
// into its first N positions, the kept elements moving toward lane 0 by their count of dropped
// elements before them, one power-of-two shift per level, LSB first (collision-free). mv holds, per
// level and position, "the element now here moves down by 2^level" (computed once per row from
// the keep mask and broadcast, so an input here). Measured against nm_mux_network in
// docs/area_model.md: npx nmcore synth-module bench/prototypes/compact_lanes.v --top compact_lanes
module compact_lanes #(parameter M = 32, N = 16, WIDTH = 8, LEVELS = 5) (
  input  wire [M*WIDTH-1:0] x,
  input  wire [LEVELS*M-1:0] mv,
  input  wire [M-1:0] keep,
  output wire [N*WIDTH-1:0] y
);
  wire [M*WIDTH-1:0] s [0:LEVELS];
  genvar p, l;
  generate
    for (p = 0; p < M; p = p + 1) begin : z
      assign s[0][p*WIDTH +: WIDTH] = keep[p] ? x[p*WIDTH +: WIDTH] : {WIDTH{1'b0}};
    end
    for (l = 0; l < LEVELS; l = l + 1) begin : lv
      for (p = 0; p < M; p = p + 1) begin : pos
        wire [WIDTH-1:0] stay = mv[l*M + p] ? {WIDTH{1'b0}} : s[l][p*WIDTH +: WIDTH];
        if (p + (1 << l) < M) begin : from
          wire [WIDTH-1:0] come = mv[l*M + p + (1 << l)] ? s[l][(p + (1 << l))*WIDTH +: WIDTH] : {WIDTH{1'b0}};
          assign s[l+1][p*WIDTH +: WIDTH] = stay | come;
        end else begin : edge
          assign s[l+1][p*WIDTH +: WIDTH] = stay;
        end
      end
    end
  endgenerate
  assign y = s[LEVELS][N*WIDTH-1:0];
endmodule
